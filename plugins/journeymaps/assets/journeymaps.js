/* journeymaps: draws the interactive charts of a page.
 *
 * Each chart is inert markup: <div class="jm-chart__plot" data-jm-figure="{JSON}">. This one
 * script (extra_javascript, loaded once) draws every undrawn plot in the current document on
 * first load and after each instant navigation (Material's document$), loads plotly.min.js
 * from next to itself only when a page has a chart, purges plots that left the page, follows
 * the light/dark palette with colours from Material's CSS variables, and makes a click on a
 * point go to the page in its customdata (a URL relative to the page).
 *
 * Charts survive every way Material swaps a page in (instant navigation, back and forward):
 * plotly's global stylesheet is kept in the document (keepStyles), and a plot redraws at its
 * container's width whenever that width changes, so a chart in a tab or a collapsed <details>
 * that was hidden when it was drawn fills its box once shown (a ResizeObserver per plot).
 */
(function () {
  "use strict";

  var PLOT = ".jm-chart__plot[data-jm-figure]";
  var self = document.currentScript;
  var base = self && self.src ? self.src.replace(/[^\/?#]*([?#].*)?$/, "") : null;
  var loading = null;
  var drawn = [];

  /* Plotly adds its global rules (<style id="plotly.js-style-global">: the SVG layers stacked
   * with position:absolute, pointer-events for hover) once, when its script runs, with
   * insertRule: the element itself has no text. Material's instant navigation removes every head
   * element that the next page's head does not have, and a <style> put back is re-parsed from its
   * text, so the rules would be lost for good: legends and annotations fall below the plot and
   * hover stops. So every <style> plotly's script added keeps its rules as text too, and goes
   * back into the head as soon as anything takes it out of the document. */
  var STYLE = "plotly.js-style-global";
  var kept = [];

  function adopt(el) {
    if (el && el.tagName === "STYLE" && kept.indexOf(el) < 0) kept.push(el);
  }

  function keepStyles() {
    adopt(document.getElementById(STYLE));
    kept.forEach(function (el) {
      if (!el.isConnected || !el.sheet) return;
      var rules = [];
      try {
        var list = el.sheet.cssRules;
        if (list.length === el.jmRules) return;  /* its text already holds every rule */
        for (var i = 0; i < list.length; i++) rules.push(list[i].cssText);
      } catch (err) {
        return;  /* not readable: leave it as it is */
      }
      el.textContent = rules.join("\n");
      el.jmRules = el.sheet ? el.sheet.cssRules.length : rules.length;
    });
    restoreStyles();
  }

  function restoreStyles() {
    kept.forEach(function (el) {
      if (!el.isConnected && !(el.id && document.getElementById(el.id))) document.head.appendChild(el);
    });
  }

  if (window.MutationObserver) {
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        var gone = mutations[i].removedNodes;
        for (var j = 0; j < gone.length; j++) {
          if (kept.indexOf(gone[j]) >= 0) { restoreStyles(); return; }
        }
      }
    }).observe(document.head, { childList: true });
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var before = Array.prototype.slice.call(document.querySelectorAll("style"));
        var script = document.createElement("script");
        script.src = (base || "") + "plotly.min.js";
        script.async = true;
        script.onload = function () {
          document.querySelectorAll("style").forEach(function (el) {
            if (before.indexOf(el) < 0) adopt(el);  /* added by plotly's script as it ran */
          });
          keepStyles();
          resolve(window.Plotly);
        };
        script.onerror = function () {
          loading = null;
          reject(new Error("journeymaps: could not load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  /* Material's palette as plain rgb(): the variables are hsla(var(--md-hue), ...) in slate. */
  function resolve(probe, variable, fallback) {
    probe.style.color = "var(" + variable + ", " + fallback + ")";
    return getComputedStyle(probe).color || fallback;
  }

  function palette() {
    var host = document.querySelector(".md-typeset") || document.body;
    var probe = document.createElement("span");
    probe.style.display = "none";
    host.appendChild(probe);
    var colours = {
      fg: resolve(probe, "--md-default-fg-color", "#333"),
      light: resolve(probe, "--md-default-fg-color--light", "#666"),
      grid: resolve(probe, "--md-default-fg-color--lightest", "#ddd"),
      bg: resolve(probe, "--md-default-bg-color", "#fff"),
      font: getComputedStyle(host).fontFamily || "sans-serif"
    };
    host.removeChild(probe);
    return colours;
  }

  /* Flat relayout keys, so a theme change touches only colours and keeps everything else. */
  function themeLayout(el, c) {
    var update = {
      "font.color": c.fg,
      "font.family": c.font,
      "hoverlabel.bgcolor": c.bg,
      "hoverlabel.bordercolor": c.light,
      "hoverlabel.font.color": c.fg,
      "hoverlabel.font.family": c.font,
      "paper_bgcolor": "rgba(0,0,0,0)",
      "plot_bgcolor": "rgba(0,0,0,0)"
    };
    ["xaxis", "yaxis"].forEach(function (axis) {
      update[axis + ".gridcolor"] = c.grid;
      update[axis + ".linecolor"] = c.grid;
      update[axis + ".zerolinecolor"] = c.grid;
      update[axis + ".tickcolor"] = c.grid;
    });
    var notes = (el.layout && el.layout.annotations) || [];
    notes.forEach(function (note, i) {
      if (note && note.name === "jm-note") update["annotations[" + i + "].bgcolor"] = c.bg;
    });
    return update;
  }

  /* Traces marked meta "jm-fg" (targets, connectors, legend keys) take the text colour. */
  function themeTraces(data, c) {
    var indices = [];
    (data || []).forEach(function (trace, i) {
      if (trace.meta === "jm-fg") indices.push(i);
    });
    return indices;
  }

  function setPath(obj, path, value) {
    var keys = path.split(".");
    var node = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      if (typeof node[keys[i]] !== "object" || node[keys[i]] === null) node[keys[i]] = {};
      node = node[keys[i]];
    }
    node[keys[keys.length - 1]] = value;
  }

  function fgTrace(trace, c) {
    if (trace.marker) {
      trace.marker.color = c.light;
      if (trace.marker.line) trace.marker.line.color = c.light;
    }
    if (trace.line) trace.line.color = c.light;
  }

  /* -- label layout ------------------------------------------------------------------------
   * Plotly places labels where the figure says and lets them collide. So before each draw the
   * figure is laid out for the width its box has now: tick labels wrap (a category with room) or
   * turn and shorten (many categories), phase titles wrap within their band, legend names wrap,
   * the legend goes below the plot when the box is narrow, and a plot never gets less room per
   * category than a label needs: it grows wider than its box and scrolls sideways in it instead.
   * Every shortened label ends in "…"; the full text is in the hover of its points (and of a
   * phase title), and in the chart's data table. Text widths are measured with the page's font. */
  var measurer = null;

  function textWidth(text, font) {
    if (!measurer) measurer = document.createElement("canvas").getContext("2d");
    measurer.font = font;
    return measurer.measureText(text).width * 1.04 + 1;  /* SVG text runs a shade wider */
  }

  function decode(text) {
    var area = document.createElement("textarea");
    area.innerHTML = String(text == null ? "" : text);
    return area.value;
  }

  function encode(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function shorten(text, max, font) {
    if (textWidth(text, font) <= max) return text;
    var lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (textWidth(text.slice(0, mid).replace(/\s+$/, "") + "…", font) <= max) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo).replace(/\s+$/, "") + "…";
  }

  /* Lines of at most `max` px, at most `most` of them; {lines, cut, width}. */
  function wrap(text, max, font, most) {
    var lines = [];
    text.split(/\s+/).filter(Boolean).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && textWidth(lines[last] + " " + word, font) <= max) lines[last] += " " + word;
      else lines.push(word);
    });
    if (!lines.length) lines = [""];
    /* The first line that is too long (a word longer than a line, or the rest of the text on
     * the last line allowed) ends the label with "…". */
    var cut = false;
    if (lines.length > most) {
      lines = lines.slice(0, most - 1).concat([lines.slice(most - 1).join(" ")]);
      cut = true;
    }
    for (var i = 0; i < lines.length; i++) {
      if (textWidth(lines[i], font) > max) {
        lines = lines.slice(0, i).concat([shorten(lines.slice(i).join(" "), max, font)]);
        cut = true;
        break;
      }
    }
    var width = Math.max.apply(null, lines.map(function (line) { return textWidth(line, font); }));
    return { lines: lines, cut: cut, width: width, text: lines.map(encode).join("<br>") };
  }

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  var LINE = 1.3;  /* plotly's line spacing, in font sizes */

  /* Category tick labels for slots of `slot` px: wrapped when there is room, else turned 90°
   * and shortened to `longest` px. Returns the ticktext, the angle and the depth they take. */
  function categoryLabels(texts, slot, size, family, longest) {
    var font = size + "px " + family;
    if (slot >= 64) {
      var wrapped = texts.map(function (t) { return wrap(t, slot - 8, font, 3); });
      /* Upright only while no word has to be cut: "Oriënter…" says less than a turned label. */
      var whole = wrapped.every(function (w) { return w.lines[0].slice(-1) !== "…"; });
      var lines = Math.max.apply(null, wrapped.map(function (w) { return w.lines.length; }));
      if (whole) return { text: wrapped.map(function (w) { return w.text; }), angle: 0, depth: lines * size * LINE + 8 };
    }
    var turned = texts.map(function (t) { return shorten(t, longest, font); });
    var long = Math.max.apply(null, turned.map(function (t) { return textWidth(t, font); }));
    return { text: turned.map(encode), angle: -90, depth: long + 10 };
  }

  /* Legend entries (traces shown in the legend) with wrapped names; the legend's size estimated
   * for a vertical legend (right) or a horizontal one `room` px wide (below or above). */
  function legendEntries(data, max, size, family, most) {
    var font = size + "px " + family;
    var entries = [];
    data.forEach(function (trace) {
      if (trace.showlegend === false || trace.name == null) return;
      var w = wrap(decode(trace.name), max, font, most);
      trace.name = w.text;
      entries.push(w);
    });
    return entries;
  }

  function legendSize(entries, size, horizontal, room, groups) {
    var rowHeight = function (lines) { return Math.max(lines * size * LINE, 16) + 6; };
    if (!horizontal) {
      var height = 0, width = 0;
      entries.forEach(function (e) { height += rowHeight(e.lines.length); width = Math.max(width, e.width + 46); });
      return { width: width, height: height + 12 * Math.max(0, groups - 1) + 8 };
    }
    var rows = [], x = 0, tallest = 0, total = 0;
    entries.forEach(function (e) {
      var w = e.width + 46;
      if (x > 0 && x + w > room) { total += tallest; x = 0; tallest = 0; }
      x += w;
      tallest = Math.max(tallest, rowHeight(e.lines.length));
    });
    return { width: room, height: total + tallest + 8 };
  }

  function flatLegend(data) {
    data.forEach(function (trace) { delete trace.legendgroup; });
  }

  function fitCurve(figure, width, family, extra) {
    var layout = figure.layout, axis = layout.xaxis, n = axis.tickvals.length;
    var narrow = width < 600, size = narrow ? 11 : 12, legendSize_ = 11;
    var left = narrow ? 48 : 56, plotHeight = narrow ? 250 : 300;
    var minSlot = Math.ceil(size * LINE) + 2;
    var groups = {};
    figure.data.forEach(function (t) { if (t.showlegend !== false) groups[t.legendgroup || ""] = 1; });
    var sideMax = clamp(width * 0.24, 120, 230) - 46;
    var side = legendEntries(JSON.parse(JSON.stringify(figure.data)), sideMax, legendSize_, family, 3);
    var sideBox = legendSize(side, legendSize_, false, 0, Object.keys(groups).length);
    var right = !narrow && width >= 700 && sideBox.height <= plotHeight + 80
      && width - left - sideBox.width - 24 >= Math.max(n * minSlot, width / 2);
    var r = right ? sideBox.width + 24 : 16;
    var entries = legendEntries(figure.data, right ? sideMax : width - 80, legendSize_, family, right ? 3 : 2);
    var plotWidth = Math.max(width - left - r, n * minSlot);
    var slot = plotWidth / n;
    var labels = categoryLabels(axis.ticktext.map(decode), slot, size, family, narrow ? 120 : 170);
    axis.ticktext = labels.text;
    axis.tickangle = labels.angle;
    axis.tickfont = { size: size };
    /* Phase titles: wrapped within their band, two lines at most; the full title on hover. */
    var bold = "bold " + size + "px " + family, titleLines = 1;
    (layout.annotations || []).forEach(function (note) {
      if (note.name !== "jm-phase") return;
      var span = 1;
      (layout.shapes || []).forEach(function (shape) {
        if (shape.type === "rect" && Math.abs((shape.x0 + shape.x1) / 2 - note.x) < 1e-6) span = shape.x1 - shape.x0;
      });
      var band = span * slot;
      var w = wrap(decode(note.hovertext || note.text.replace(/<[^>]*>/g, "")), band - 8, bold, 2);
      note.text = "<b>" + w.text + "</b>";
      note.font = { size: size };
      if (!w.cut) delete note.hovertext;
      titleLines = Math.max(titleLines, w.lines.length);
    });
    var top = titleLines * size * LINE + 14;
    var bottom = labels.depth + 8, legendHeight = 0;
    if (right) {
      layout.legend = { x: 1, xanchor: "left", xref: "paper", y: 1, yanchor: "top", tracegroupgap: 12,
        font: { size: legendSize_ }, orientation: "v" };
      layout.legend.x = 1 + 16 / plotWidth;
    } else {
      flatLegend(figure.data);
      /* A plot wider than its box (it scrolls) lists its legend in one column at the left, in
       * view; plotly would spread a horizontal legend over the whole plot width. */
      var scrolls = left + r + plotWidth > width + 1;
      legendHeight = extra || legendSize(entries, legendSize_, !scrolls, width - 10, 1).height;
      layout.legend = { orientation: scrolls ? "v" : "h", x: -left / plotWidth, xanchor: "left",
        y: -(bottom + 6) / plotHeight, yanchor: "top", font: { size: legendSize_ }, traceorder: "normal" };
      bottom += legendHeight + 10;
    }
    layout.margin = { l: left, r: r, t: top, b: bottom };
    layout.width = left + r + plotWidth;
    layout.height = top + plotHeight + bottom;
    return { legend: right ? 0 : legendHeight };
  }

  function fitGap(figure, width, family, extra) {
    var layout = figure.layout, axis = layout.yaxis, n = axis.tickvals.length;
    var narrow = width < 600, size = narrow ? 11 : 12, legendSize_ = 11;
    var font = size + "px " + family;
    var labels = axis.ticktext.map(function (t) { return wrap(decode(t), clamp(width * 0.36, 90, 300), font, 3); });
    axis.ticktext = labels.map(function (w) { return w.text; });
    axis.tickfont = { size: size };
    var labelWidth = Math.max.apply(null, labels.map(function (w) { return w.width; }));
    var lines = Math.max.apply(null, labels.map(function (w) { return w.lines.length; }));
    var rowHeight = Math.max(28, lines * size * LINE + 8);
    /* At least 150 px: plotly draws no tooltip taller than the figure, and a touchpoint's tooltip
     * (score, months, interval, metric, target, state) is about eight lines. */
    var left = labelWidth + 16, r = 16, plotWidth = width - left - r, plotHeight = Math.max(n * rowHeight, 150);
    flatLegend(figure.data);
    var entries = legendEntries(figure.data, width - 80, legendSize_, family, 2);
    var legendHeight = extra || legendSize(entries, legendSize_, true, width - 10, 1).height;
    layout.legend = { orientation: "h", x: -left / plotWidth, xanchor: "left", y: 1 + 6 / plotHeight, yanchor: "bottom",
      font: { size: legendSize_ }, traceorder: "normal" };
    var top = legendHeight + 12, bottom = 48;
    layout.margin = { l: left, r: r, t: top, b: bottom };
    layout.width = width;
    layout.height = top + plotHeight + bottom;
    return { legend: legendHeight };
  }

  function fitHeatmap(figure, width, family) {
    var layout = figure.layout, trace = figure.data[0];
    var xaxis = layout.xaxis, yaxis = layout.yaxis, n = xaxis.tickvals.length, m = yaxis.tickvals.length;
    var narrow = width < 640, size = narrow ? 11 : 12, font = size + "px " + family;
    /* Fixed ranges: a heatmap whose cells have no value (no targets) has none to range on. */
    xaxis.range = [-0.5, n - 0.5];
    yaxis.range = [m - 0.5, -0.5];
    yaxis.autorange = false;
    var names = yaxis.ticktext.map(function (t) { return wrap(decode(t), clamp(width * 0.3, 80, 240), font, 3); });
    yaxis.ticktext = names.map(function (w) { return w.text; });
    yaxis.tickfont = { size: size };
    var labelWidth = Math.max.apply(null, names.map(function (w) { return w.width; }));
    var lines = Math.max.apply(null, names.map(function (w) { return w.lines.length; }));
    var left = labelWidth + 16, r = narrow ? 16 : 96;
    var plotWidth = Math.max(width - left - r, n * 48);
    var labels = categoryLabels(xaxis.ticktext.map(decode), plotWidth / n, size, family, narrow ? 120 : 170);
    xaxis.ticktext = labels.text;
    xaxis.tickangle = labels.angle;
    xaxis.tickfont = { size: size };
    var rowHeight = Math.max(44, lines * size * LINE + 12);
    var plotHeight = Math.max(m * rowHeight, narrow ? 0 : 160);
    var top = labels.depth + 8, bottom = 16;
    var bar = trace.colorbar || {};
    bar.thickness = 12;
    bar.lenmode = "pixels";
    bar.title = bar.title || {};
    if (narrow) {
      bar.orientation = "h";
      bar.len = Math.min(plotWidth, 320);
      bar.x = 0; bar.xanchor = "left";
      bar.y = -16 / plotHeight; bar.yanchor = "top"; bar.yref = "paper";
      bar.title.side = "top";
      bottom = 16 + 12 + 24 + size * LINE + 12;
    } else {
      bar.orientation = "v";
      bar.len = plotHeight;
      bar.x = 1 + 14 / plotWidth; bar.xanchor = "left";
      bar.y = 0.5; bar.yanchor = "middle";
      bar.title.side = "right";
    }
    trace.colorbar = bar;
    layout.margin = { l: left, r: r, t: top, b: bottom };
    layout.width = left + r + plotWidth;
    layout.height = top + plotHeight + bottom;
    return { legend: 0 };
  }

  function fitTrend(figure, width, family, extra) {
    var layout = figure.layout, narrow = width < 600, size = narrow ? 11 : 12, legendSize_ = 11;
    var left = narrow ? 48 : 56, r = 16, plotWidth = width - left - r, plotHeight = narrow ? 230 : 270;
    flatLegend(figure.data);
    var entries = legendEntries(figure.data, width - 80, legendSize_, family, 2);
    var legendHeight = extra || legendSize(entries, legendSize_, true, width - 10, 1).height;
    var ticks = size * LINE + 14;
    layout.legend = { orientation: "h", x: -left / plotWidth, xanchor: "left", y: -(ticks + 4) / plotHeight,
      yanchor: "top", font: { size: legendSize_ }, traceorder: "normal" };
    layout.xaxis.tickfont = { size: size };
    /* The x range in days, so each note can be placed in pixels. */
    var day = 864e5, times = [];
    figure.data.forEach(function (t) { (t.x || []).forEach(function (x) { times.push(Date.parse(x)); }); });
    var newest = Math.max.apply(null, times.filter(function (t) { return !isNaN(t); }));  /* -Infinity: none */
    var notes = (layout.annotations || []).filter(function (a) { return a.name === "jm-note"; });
    notes.forEach(function (a) { times.push(Date.parse(a.x)); });
    times = times.filter(function (t) { return !isNaN(t); });
    var start = Math.min.apply(null, times) - 20 * day, end = Math.max.apply(null, times) + 20 * day;
    var iso = function (t) { return new Date(t).toISOString().slice(0, 10); };
    layout.xaxis.range = [iso(start), iso(end)];
    layout.xaxis.autorange = false;
    /* A tick every month, or every few months where their labels would not fit: left to itself,
     * Plotly ticked weekly under a short series, and each month's label stood there three times. */
    var label = textWidth("2026-12", size + "px " + family) + 16, fit = Math.max(1, Math.floor(plotWidth / label));
    var months = (end - start) / (30.44 * day), step = 1;
    [1, 2, 3, 4, 6, 12, 24, 60, 120].some(function (k) { step = k; return months / k <= fit; });
    layout.xaxis.dtick = "M" + step;
    /* Counted back from the newest month, so its label is there whatever the step (a delivery
     * line months earlier widened the axis, and a step of three skipped the only month). */
    layout.xaxis.tick0 = isFinite(newest) ? iso(newest).slice(0, 7) + "-01" : "2000-01-01";
    var px = function (t) { return (t - start) / (end - start) * plotWidth; };
    var placed = [];
    var yr = layout.yaxis.range;
    var font = size + "px " + family, bold = "bold " + font, lineHeight = size * LINE;
    (layout.annotations || []).forEach(function (a) {
      a.font = { size: size };
      if (a.name === "jm-note" || a.xref !== "paper") return;
      var w = textWidth(decode(a.text), font) + 6;
      var y = (yr[1] - a.y) / (yr[1] - yr[0]) * plotHeight;
      placed.push({ x0: plotWidth - w, x1: plotWidth, y0: y - lineHeight - 4, y1: y });
    });
    var noteMax = clamp(plotWidth * 0.45, 120, 260), band = [];
    notes.forEach(function (a) {
      var parts = String(a.text).split("<br>");
      var title = wrap(decode(parts[0].replace(/<[^>]*>/g, "")), noteMax, bold, 2);
      var rest = [];
      parts.slice(1).forEach(function (p) { rest = rest.concat(wrap(decode(p), noteMax, font, 2).lines); });
      a.text = "<b>" + title.text + "</b>" + rest.map(function (p) { return "<br>" + encode(p); }).join("");
      var w = Math.max(title.width, Math.max.apply(null, rest.map(function (p) { return textWidth(p, font); }).concat([0]))) + 8;
      var h = (title.lines.length + rest.length) * lineHeight + 6;
      var x = px(Date.parse(a.x));
      var box = x + 4 + w <= plotWidth ? { x0: x + 2, x1: x + 6 + w } : { x0: x - 6 - w, x1: x - 2 };
      a.xanchor = x + 4 + w <= plotWidth ? "left" : "right";
      a.xshift = a.xanchor === "left" ? 4 : -4;
      /* Notes go in a band above the plot, stacked where they would overlap: inside the plot
       * they covered the very months they explain. */
      var y = 0, moved = true;
      while (moved) {
        moved = false;
        band.forEach(function (p) {
          if (p.x0 < box.x1 && box.x0 < p.x1 && p.y0 < y + h && y < p.y1) { y = p.y1 + 4; moved = true; }
        });
      }
      box.y0 = y; box.y1 = y + h;
      band.push(box);
      a.yanchor = "top";
      a.top = y;  /* from the top of the band; turned into paper units once the band's height is known */
    });
    var bandHeight = band.length ? Math.max.apply(null, band.map(function (b) { return b.y1; })) + 6 : 0;
    notes.forEach(function (a) {
      a.y = 1 + (bandHeight - a.top) / plotHeight;
      delete a.top;
    });
    (layout.shapes || []).forEach(function (shape) {  /* delivery lines reach up to their notes */
      if (shape.xref === "x" && shape.yref === "paper" && shape.line && shape.line.dash === "dash") {
        shape.y1 = 1 + bandHeight / plotHeight;
      }
    });
    var bottom = ticks + legendHeight + 12;
    layout.margin = { l: left, r: r, t: 16 + bandHeight, b: bottom };
    layout.width = width;
    layout.height = 16 + bandHeight + plotHeight + bottom;
    return { legend: legendHeight };
  }

  var FITS = { curve: fitCurve, gap: fitGap, heatmap: fitHeatmap, trend: fitTrend };

  /* Lays the figure out for a box `width` px wide; `extra` is a legend height measured in a
   * draw at this width. Returns what to check after the draw. */
  function fit(figure, width, family, extra) {
    var layout = figure.layout || {};
    var kind = layout.meta && layout.meta.jm;
    layout.autosize = false;
    if (!FITS[kind]) {
      layout.width = width;
      return { legend: 0 };
    }
    return FITS[kind](figure, width, family, extra);
  }

  /* On a screen without hover (a phone) a tap is the only way to read a point's tooltip: the first
   * tap on a point shows it, a second tap on the same point opens its page. With a mouse, a click
   * opens the page at once. True when this tap only showed the tooltip. */
  var NO_HOVER = window.matchMedia ? window.matchMedia("(hover: none)") : null;

  function firstTap(el, point) {
    if (!NO_HOVER || !NO_HOVER.matches) return false;
    var key = point.curveNumber + ":" + String(point.pointNumber);
    if (el.jmTapped === key) return false;
    el.jmTapped = key;
    return true;
  }

  function navigate(point) {
    var data = point && point.customdata;
    var target = Array.isArray(data) ? data[0] : data;
    if (typeof target === "string" && target) {
      window.location.assign(new URL(target, window.location.href).href);
    }
  }

  /* The width a plot lays itself out for: its box's, or a desktop column's while it is hidden
   * (it is laid out again when it is shown). */
  function boxWidth(el) {
    return Math.floor(el.clientWidth) || 0;
  }

  /* Hover texts arrive as {"l": [i, j, ...]}: lines of figure.jm_lines, each distinct line of the
   * figure sent once (render/charts.py, shared_lines). Joined back with plotly's <br> here. */
  var HOVER_KEYS = ["text", "hovertext", "customdata"];

  function unshare(value, lines) {
    if (Array.isArray(value)) return value.map(function (item) { return unshare(item, lines); });
    if (value && typeof value === "object" && Array.isArray(value.l)) {
      return value.l.map(function (i) { return lines[i]; }).join("<br>");
    }
    return value;
  }

  function withHover(figure) {
    var lines = figure.jm_lines;
    delete figure.jm_lines;
    if (!Array.isArray(lines)) return figure;
    (figure.data || []).forEach(function (trace) {
      HOVER_KEYS.forEach(function (key) {
        if (key in trace) trace[key] = unshare(trace[key], lines);
      });
    });
    return figure;
  }

  function plot(Plotly, el, colours, extra) {
    var figure;
    try {
      figure = withHover(JSON.parse(el.getAttribute("data-jm-figure")));
    } catch (err) {
      return Promise.reject(err);
    }
    var layout = figure.layout || {};
    figure.layout = layout;
    var width = boxWidth(el);
    var check = fit(figure, width || 700, colours.font, extra);
    var update = themeLayout(el, colours);
    Object.keys(update).forEach(function (key) { setPath(layout, key, update[key]); });
    (layout.annotations || []).forEach(function (note) {
      if (note && note.name === "jm-note") note.bgcolor = colours.bg;
    });
    themeTraces(figure.data, colours).forEach(function (i) { fgTrace(figure.data[i], colours); });
    /* The script follows the box's width itself (watchSize), laying the labels out again. */
    var config = Object.assign({}, figure.config || {}, { responsive: false });
    el.jmWidth = width;
    return Plotly.newPlot(el, figure.data || [], layout, config).then(function () {
      var legend = el._fullLayout && el._fullLayout.legend;
      var drawnHeight = legend && legend._height;
      /* The legend took more rows than estimated: lay out again with the height it took. */
      if (check.legend && drawnHeight && drawnHeight > check.legend + 1 && !extra) {
        return plot(Plotly, el, colours, Math.ceil(drawnHeight) + 2);
      }
      if (el.removeAllListeners) el.removeAllListeners("plotly_click");
      el.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && !firstTap(el, point)) navigate(point);
      });
    });
  }

  function draw(Plotly, el, colours) {
    el.setAttribute("data-jm-rendered", "pending");
    return plot(Plotly, el, colours).then(function () {
      el.setAttribute("data-jm-rendered", "true");
      el.style.minHeight = "";
      drawn.push(el);
      keepStyles();  /* rules plotly added while drawing go into the kept text too */
      watchSize(el);
    }, function (err) { fail(el, err); });
  }

  function fail(el, err) {
    el.setAttribute("data-jm-rendered", "failed");
    el.classList.add("jm-chart__plot--failed");
    var figure = el.closest(".jm-chart");
    var details = figure && figure.querySelector(".jm-chart__data");
    if (details) details.open = true;
    if (window.console) console.warn("journeymaps:", err && err.message ? err.message : err);
  }

  /* Plots whose element left the document (instant navigation swapped the content). */
  function purgeGone() {
    drawn = drawn.filter(function (el) {
      if (document.body.contains(el)) return true;
      if (sizes) sizes.unobserve(el);
      if (window.Plotly) window.Plotly.purge(el);
      return false;
    });
  }

  /* A plot follows its container's width, whatever changed it: a tab or a <details> opened
   * (display:none -> shown), a sidebar that collapsed, the window. It is laid out and drawn
   * again for the new width, exactly as a first draw at that width. Plotly cannot draw a plot
   * that is not displayed, so a hidden one waits for its next size change. */
  function fits(el) {
    var width = boxWidth(el);
    return !(width > 0 && width !== el.jmWidth);
  }

  function resize(el) {
    if (!window.Plotly || !document.body.contains(el) || drawn.indexOf(el) < 0 || fits(el)) return;
    if (el.jmRedraw) return;
    el.jmRedraw = true;
    requestAnimationFrame(function () {
      el.jmRedraw = false;
      if (!document.body.contains(el) || fits(el)) return;
      plot(window.Plotly, el, palette()).then(keepStyles, function () { /* hidden again before it ran */ });
    });
  }

  var sizes = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { resize(entry.target); });
  }) : null;

  function watchSize(el) {
    if (sizes) sizes.observe(el);
    else if (!fits(el)) resize(el);
  }

  function init() {
    restoreStyles();
    purgeGone();
    var plots = Array.prototype.slice.call(document.querySelectorAll(PLOT + ":not([data-jm-rendered])"));
    if (!plots.length) return;
    loadPlotly().then(function (Plotly) {
      keepStyles();
      var colours = palette();
      plots.forEach(function (el) {
        if (document.body.contains(el) && !el.hasAttribute("data-jm-rendered")) draw(Plotly, el, colours);
      });
    }, function (err) {
      plots.forEach(function (el) { fail(el, err); });
    });
  }

  function retheme(paper) {
    if (!window.Plotly) return;
    purgeGone();
    var colours = paper || palette();
    drawn.forEach(function (el) {
      var indices = themeTraces(el.data, colours);
      if (indices.length) {
        window.Plotly.restyle(el, {
          "marker.color": colours.light, "marker.line.color": colours.light, "line.color": colours.light
        }, indices);
      }
      window.Plotly.relayout(el, themeLayout(el, colours));
    });
  }

  /* Printing from a window wider than the paper: a chart drawn for the screen was cut at the
   * paper's edge, its legend first. Before printing, a chart wider than the printable width (A4
   * landscape less the print stylesheet's 10 mm margins) is scaled down to it, whole; after
   * printing it is as it was. (Drawing it again for the paper would come too late: the page is
   * laid out for print before a redraw could run.) */
  var PRINT_WIDTH = (297 - 20) / 25.4 * 96;
  var PAPER = { fg: "rgba(0,0,0,0.87)", light: "rgba(0,0,0,0.6)", grid: "rgba(0,0,0,0.07)", bg: "#fff" };
  window.addEventListener("beforeprint", function () {
    purgeGone();
    var screen = palette();
    if (screen.bg !== PAPER.bg) retheme({ fg: PAPER.fg, light: PAPER.light, grid: PAPER.grid, bg: PAPER.bg, font: screen.font });
    drawn.forEach(function (el) {
      var box = el.querySelector(".svg-container");
      var width = box ? box.offsetWidth : 0, height = box ? box.offsetHeight : 0;
      if (width <= PRINT_WIDTH) return;
      var scale = PRINT_WIDTH / width;
      box.style.transformOrigin = "0 0";
      box.style.transform = "scale(" + scale + ")";
      el.style.width = PRINT_WIDTH + "px";
      el.style.height = Math.ceil(height * scale) + "px";
      el.jmPrinted = true;
    });
  });
  window.addEventListener("afterprint", function () {
    retheme();
    drawn.forEach(function (el) {
      if (!el.jmPrinted) return;
      var box = el.querySelector(".svg-container");
      if (box) box.style.transform = box.style.transformOrigin = "";
      el.style.width = el.style.height = "";
      el.jmPrinted = false;
    });
  });

  /* Without ResizeObserver: a tab switch or a <details> toggle resizes the plots it holds. */
  if (!sizes) {
    ["change", "toggle"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        var box = event.target && event.target.closest && event.target.closest(".tabbed-set, details");
        if (box) box.querySelectorAll(".js-plotly-plot").forEach(resize);
      }, true);
    });
  }

  if (window.MutationObserver) {
    new MutationObserver(function (mutations) {
      for (var i = 0; i < mutations.length; i++) {
        if (mutations[i].type === "attributes") { retheme(); return; }
      }
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary"] });
  }

  /* A team's feed address (team.html): written out in full, and copied, not opened, by a click on
     it or on its button (a browser shows the feed as raw XML). The clipboard API needs a secure
     context (TLS, or localhost); elsewhere the address is selected and copied the old way, and
     stays selected for Ctrl+C should that fail too. */
  function feedAddresses() {
    document.querySelectorAll("a.jm-feed__url").forEach(function (a) {
      a.querySelector("code").textContent = a.href;
    });
  }

  function copied(button) {
    if (!button.hasAttribute("data-jm-label")) button.setAttribute("data-jm-label", button.textContent);
    button.textContent = button.getAttribute("data-jm-copied");
    setTimeout(function () { button.textContent = button.getAttribute("data-jm-label"); }, 2000);
  }

  function copyFeed(a, button) {
    var code = a.querySelector("code");
    function select() {
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { if (document.execCommand("copy")) copied(button); } catch (e) { /* left selected */ }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(a.href).then(function () { copied(button); }, select);
    } else {
      select();
    }
  }

  document.addEventListener("click", function (event) {
    var hit = event.target && event.target.closest && event.target.closest(".jm-feed__url, .jm-feed__copy");
    var a = hit && hit.parentElement.querySelector("a.jm-feed__url");
    var button = hit && hit.parentElement.querySelector(".jm-feed__copy");
    if (!a || !button) return;
    if (hit === a && (event.ctrlKey || event.metaKey || event.shiftKey)) return;  /* opening it in a tab: as asked */
    event.preventDefault();
    event.stopPropagation();  /* Material's instant navigation would open it */
    copyFeed(a, button);
  }, true);

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { feedAddresses(); init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { feedAddresses(); init(); });
  } else {
    feedAddresses();
    init();
  }
})();
