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

  function navigate(point) {
    var data = point && point.customdata;
    var target = Array.isArray(data) ? data[0] : data;
    if (typeof target === "string" && target) {
      window.location.assign(new URL(target, window.location.href).href);
    }
  }

  function draw(Plotly, el, colours) {
    var figure;
    try {
      figure = JSON.parse(el.getAttribute("data-jm-figure"));
    } catch (err) {
      fail(el, err);
      return Promise.resolve();
    }
    var layout = figure.layout || {};
    var update = themeLayout(el, colours);
    Object.keys(update).forEach(function (key) { setPath(layout, key, update[key]); });
    (layout.annotations || []).forEach(function (note) {
      if (note && note.name === "jm-note") note.bgcolor = colours.bg;
    });
    themeTraces(figure.data, colours).forEach(function (i) { fgTrace(figure.data[i], colours); });
    el.setAttribute("data-jm-rendered", "pending");
    return Plotly.newPlot(el, figure.data || [], layout, figure.config || {}).then(function () {
      el.setAttribute("data-jm-rendered", "true");
      el.style.minHeight = "";
      drawn.push(el);
      keepStyles();  /* rules plotly added while drawing go into the kept text too */
      watchSize(el);
      el.on("plotly_click", function (event) {
        if (event && event.points && event.points.length) navigate(event.points[0]);
      });
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
   * (display:none -> shown), a sidebar that collapsed, the window. Plotly cannot resize a plot
   * that is not displayed, so a hidden one waits for its next size change. */
  function fits(el) {
    var width = el.getBoundingClientRect().width;
    var layout = el._fullLayout;
    return !(width > 0 && layout && Math.abs(layout.width - width) >= 1);
  }

  function resize(el) {
    if (!window.Plotly || !document.body.contains(el) || drawn.indexOf(el) < 0 || fits(el)) return;
    var done = window.Plotly.Plots.resize(el);
    if (done && done.catch) done.catch(function () { /* hidden again before it ran */ });
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

  function retheme() {
    if (!window.Plotly) return;
    purgeGone();
    var colours = palette();
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

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
