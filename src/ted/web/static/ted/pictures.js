/* TED's pictures: an entity's neighbourhood as a small graph, an event's programme as a timeline.
 *
 * Drawn with d3 (vendored in static/ted/vendor, no CDN) from the page's JSON twin, so the picture and
 * the page show the same data. The pictures are decorative copies: each <figure> says where the same
 * information is given as text (the page's lists, the programme table), the SVG is aria-hidden and its
 * links are out of the tab order. No inline script or style: everything is styled by ted.css classes.
 * Without JavaScript the figures stay hidden and the page is complete.
 */
(function () {
  "use strict";

  var MAX_NEIGHBOURS = 40;
  var MAX_HUBS = 6;  // projects and events whose people are fetched to find a person's colleagues
  var MAX_COLLEAGUES = 12;
  var TYPE_LABELS = {person: "Personne", organisation: "Organisation", project: "Projet", event: "Événement",
                     skill: "Compétence"};

  function entityUrl(id) {
    return "/entites/" + encodeURI(id);
  }

  function shorten(text, size) {
    text = String(text || "");
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  function neighbours(entity) {
    var seen = {};
    var nodes = [];
    (entity.sections || []).forEach(function (section) {
      (section.items || []).forEach(function (item) {
        if (!item.id || seen[item.id] || item.id === entity.id) {
          return;
        }
        seen[item.id] = true;
        nodes.push({id: item.id, name: item.name, type: item.type, role: item.role || section.title});
      });
    });
    return nodes;
  }

  /* The entity in the middle, its neighbours on a circle grouped by type, each label written outward:
   * a fixed layout reads better than a force layout at this size. A phone shows fewer of them. */
  function drawGraph(figure, entity, colleagues) {
    var all = neighbours(entity);
    if (all.length === 0) {
      return false;
    }
    var order = ["organisation", "person", "project", "event", "skill"];
    var width = Math.max(figure.parentElement.clientWidth - 34, 280);
    var small = width < 600;
    var shown = all.slice(0, small ? 12 : MAX_NEIGHBOURS).sort(function (a, b) {
      return order.indexOf(a.type) - order.indexOf(b.type);
    });
    var labelRoom = small ? 92 : 200;
    var radius = Math.max(56, Math.min(width / 2 - labelRoom, small ? 110 : 100 + 4 * shown.length, 210));
    var outer = colleagues && colleagues.length && !small ? Math.min(radius + 120, width / 2 - labelRoom) : 0;
    if (outer <= radius + 60) {
      outer = 0;
    }
    var height = 2 * (outer || radius) + 70;
    var centre = {id: entity.id, name: entity.name, type: entity.type, centre: true, x: width / 2, y: height / 2};
    var angle = d3.scaleLinear().domain([0, shown.length]).range([-Math.PI / 2, 1.5 * Math.PI]);
    shown = shown.map(function (n, i) {
      var a = angle(i);
      return Object.assign({}, n, {x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a),
                                   cos: Math.cos(a), sin: Math.sin(a)});
    });
    var nodes = [centre].concat(shown);
    var links = shown.map(function (n) { return {source: centre, target: n}; });
    var chars = small ? 11 : outer ? 18 : 30;
    if (outer) {
      var around = placeColleagues(colleagues, shown, centre, outer);
      nodes = nodes.concat(around.nodes);
      links = links.concat(around.links);
    }
    var svg = d3.select(figure.querySelector(".ted-picture"))
      .append("svg").attr("viewBox", "0 0 " + width + " " + height).attr("width", width).attr("height", height)
      .attr("aria-hidden", "true").attr("focusable", "false");
    svg.append("g").selectAll("line").data(links).join("line").attr("class", "ted-graph__link")
      .attr("x1", function (d) { return d.source.x; }).attr("y1", function (d) { return d.source.y; })
      .attr("x2", function (d) { return d.target.x; }).attr("y2", function (d) { return d.target.y; });
    var node = svg.append("g").selectAll("a").data(nodes).join("a")
      .attr("href", function (d) { return d.centre ? null : entityUrl(d.id); })
      .attr("tabindex", "-1")
      .attr("class", function (d) {
        return "ted-graph__node ted-graph__node--" + d.type + (d.centre ? " ted-graph__node--centre" : "") +
          (d.colleague ? " ted-graph__node--colleague" : "");
      })
      .attr("transform", function (d) { return "translate(" + d.x + "," + d.y + ")"; });
    node.append("title").text(function (d) { return (TYPE_LABELS[d.type] || d.type) + " : " + d.name + (d.role ? " — " + d.role : ""); });
    node.append("circle").attr("r", function (d) { return d.centre ? 12 : 7; });
    node.append("text")
      .attr("x", function (d) { return d.centre ? 0 : 11 * d.cos; })
      .attr("y", function (d) { return d.centre ? 30 : 11 * d.sin; })
      .attr("dy", function (d) { return d.centre || Math.abs(d.cos) > 0.05 ? "0.35em" : d.sin < 0 ? "-0.2em" : "0.9em"; })
      .attr("text-anchor", function (d) { return d.centre || Math.abs(d.cos) <= 0.05 ? "middle" : d.cos > 0 ? "start" : "end"; })
      .text(function (d) { return shorten(d.name, d.centre ? (small ? 36 : 60) : d.colleague ? 24 : chars); });
    var note = figure.querySelector(".ted-picture__count");
    if (note && all.length > shown.length) {
      note.textContent = shown.length + " liens montrés sur " + all.length + ".";
    }
    legend(figure, nodes);
    return true;
  }

  /* Colleagues on an outer ring, each near the projects or events it shares with the person, kept apart. */
  function placeColleagues(colleagues, shown, centre, outer) {
    var byId = {};
    shown.forEach(function (n) { byId[n.id] = n; });
    var placed = colleagues.map(function (c) {
      var hubs = c.via.filter(function (id) { return byId[id]; });
      var x = 0, y = 0;
      hubs.forEach(function (id) { x += byId[id].cos; y += byId[id].sin; });
      return {id: c.id, name: c.name, type: "person", colleague: true, hubs: hubs,
              a: hubs.length ? Math.atan2(y, x) : 0};
    }).filter(function (c) { return c.hubs.length; });
    placed.sort(function (p, q) { return p.a - q.a; });
    var gap = Math.min(0.2, 2 * Math.PI / Math.max(placed.length, 1));
    for (var i = 1; i < placed.length; i += 1) {
      placed[i].a = Math.max(placed[i].a, placed[i - 1].a + gap);
    }
    var links = [];
    placed.forEach(function (c) {
      c.cos = Math.cos(c.a);
      c.sin = Math.sin(c.a);
      c.x = centre.x + outer * c.cos;
      c.y = centre.y + outer * c.sin;
      c.hubs.forEach(function (id) { links.push({source: byId[id], target: c}); });
    });
    return {nodes: placed, links: links};
  }

  /* People who share a project or an event with the person: read from those entities' JSON twins. */
  function findColleagues(entity) {
    var hubs = neighbours(entity).filter(function (n) { return n.type === "project" || n.type === "event"; })
      .slice(0, MAX_HUBS);
    return Promise.all(hubs.map(function (hub) {
      return fetch(entityUrl(hub.id) + ".json", {headers: {Accept: "application/json"}})
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .catch(function () { return null; });
    })).then(function (twins) {
      var found = {};
      var order = [];
      var direct = {};
      neighbours(entity).forEach(function (n) { direct[n.id] = true; });
      twins.forEach(function (twin, index) {
        if (!twin) {
          return;
        }
        neighbours(twin).forEach(function (n) {
          if (n.type !== "person" || n.id === entity.id || direct[n.id]) {
            return;
          }
          if (!found[n.id]) {
            found[n.id] = {id: n.id, name: n.name, via: [], viaNames: []};
            order.push(n.id);
          }
          found[n.id].via.push(hubs[index].id);
          found[n.id].viaNames.push(hubs[index].name);
        });
      });
      return order.slice(0, MAX_COLLEAGUES).map(function (id) { return found[id]; });
    });
  }

  /* The colleagues as text under the picture: they are listed nowhere else on the page. */
  function listColleagues(figure, colleagues) {
    var box = figure.querySelector(".ted-picture__colleagues");
    if (!box || !colleagues.length) {
      return;
    }
    var intro = document.createElement("p");
    intro.className = "fr-text--sm fr-mb-1v";
    intro.textContent = "Travaille aussi avec (mêmes projets ou événements) :";
    var list = document.createElement("ul");
    list.className = "fr-text--sm";
    colleagues.forEach(function (c) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entityUrl(c.id);
      link.textContent = c.name;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" — " + c.viaNames.join(", ")));
      list.appendChild(item);
    });
    box.appendChild(intro);
    box.appendChild(list);
  }

  /* The types present, written out: colour is never the only way to tell them apart (names are written too). */
  function legend(figure, nodes) {
    var list = figure.querySelector(".ted-picture__legend");
    if (!list) {
      return;
    }
    var types = [];
    nodes.forEach(function (d) {
      var key = d.centre ? "centre" : d.type;
      if (types.indexOf(key) < 0) { types.push(key); }
    });
    types.forEach(function (type) {
      var item = document.createElement("li");
      var swatch = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      swatch.setAttribute("viewBox", "0 0 12 12");
      swatch.setAttribute("aria-hidden", "true");
      swatch.setAttribute("class", "ted-graph__node ted-graph__node--" + type);
      var dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      dot.setAttribute("cx", "6"); dot.setAttribute("cy", "6"); dot.setAttribute("r", "5");
      swatch.appendChild(dot);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + (type === "centre" ? "Cette fiche" : TYPE_LABELS[type] || type)));
      list.appendChild(item);
    });
  }

  function minutes(time) {
    var match = /^(\d{1,2})[:h](\d{2})?/.exec(String(time || ""));
    return match ? Number(match[1]) * 60 + Number(match[2] || 0) : null;
  }

  function clock(total) {
    var h = Math.floor(total / 60), m = total % 60;
    return h + " h" + (m ? " " + (m < 10 ? "0" : "") + m : "");
  }

  /* The programme's timed items down a time axis; items too close in time are pushed apart to stay legible. */
  function drawTimeline(figure, entity) {
    var items = (entity.programme || []).map(function (row) {
      return {at: minutes(row.time), title: row.title, speakers: row.speakers || []};
    }).filter(function (row) { return row.at !== null; });
    if (items.length < 2) {
      return false;
    }
    items.sort(function (a, b) { return a.at - b.at; });
    var width = Math.max(figure.parentElement.clientWidth, 280);
    var gap = 44;
    var first = items[0].at, last = items[items.length - 1].at;
    var scale = d3.scaleLinear().domain([first, Math.max(last, first + 1)])
      .range([20, 20 + Math.max(items.length * gap, (last - first) * 1.2)]);
    var y = 0;
    items.forEach(function (item, index) {
      y = index === 0 ? scale(item.at) : Math.max(scale(item.at), y + gap);
      item.y = y;
    });
    var height = y + 40;
    var axis = 72;
    var svg = d3.select(figure.querySelector(".ted-picture"))
      .append("svg").attr("viewBox", "0 0 " + width + " " + height).attr("width", width).attr("height", height)
      .attr("aria-hidden", "true").attr("focusable", "false");
    svg.append("line").attr("class", "ted-timeline__axis").attr("x1", axis).attr("x2", axis)
      .attr("y1", items[0].y - 10).attr("y2", y + 10);
    var row = svg.append("g").selectAll("g").data(items).join("g").attr("class", "ted-timeline__item")
      .attr("transform", function (d) { return "translate(0," + d.y + ")"; });
    row.append("text").attr("class", "ted-timeline__time").attr("x", axis - 14).attr("dy", "0.35em")
      .attr("text-anchor", "end").text(function (d) { return clock(d.at); });
    row.append("circle").attr("cx", axis).attr("r", 6);
    var chars = Math.max(20, Math.floor((width - axis - 24) / 8));
    row.append("text").attr("x", axis + 16).attr("dy", "0.35em")
      .text(function (d) { return shorten(d.title, chars); });
    row.append("title").text(function (d) {
      return clock(d.at) + " : " + d.title + (d.speakers.length ? " — " + d.speakers.map(function (s) { return s.name; }).join(", ") : "");
    });
    return true;
  }

  function show(figure, draw) {
    fetch(figure.getAttribute("data-source"), {headers: {Accept: "application/json"}})
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (entity) {
        if (!entity) {
          return;
        }
        var extra = draw === drawGraph && entity.type === "person" ? findColleagues(entity) : Promise.resolve([]);
        return extra.then(function (colleagues) {
          if (draw(figure, entity, colleagues)) {
            listColleagues(figure, colleagues);
            figure.hidden = false;
          }
        });
      })
      .catch(function () { /* the lists and tables below already say it all */ });
  }

  function start() {
    if (typeof d3 === "undefined") {
      return;
    }
    document.querySelectorAll("figure[data-picture=graph]").forEach(function (f) { show(f, drawGraph); });
    document.querySelectorAll("figure[data-picture=timeline]").forEach(function (f) { show(f, drawTimeline); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
