// eventmedia's admin panel: upload images one by one with their progress (chosen, or dropped on the
// zone), set an image's focal point by click or keyboard without reloading the page, confirm before
// deleting, and show the messages of a panel action inside the panel. Every form also works without
// this script; with it, the views answer JSON (see admin_media.py).
"use strict";

// A text of the page (translated by Django) with its %(name)s filled in.
function say(element, key, values) {
  let text = element.dataset["text" + key] || "";
  for (const [name, value] of Object.entries(values || {})) text = text.replace(`%(${name})s`, value);
  return text;
}

// POST ``body`` to ``url`` asking for the panel's JSON; ``onProgress(sent, total)`` while it goes up.
// Resolves to {status, messages}, whatever the status (a refusal is an answer, not a failure).
function post(url, body, onProgress) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("Accept", "application/json");
    if (onProgress) {
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      });
    }
    request.addEventListener("load", () => {
      let answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { /* an HTML error page */ }
      resolve({status: request.status, ...answer});
    });
    request.addEventListener("error", () => resolve({status: 0}));
    request.send(body);
  });
}

function uploader(form) {
  const zone = form.querySelector(".eventmedia-dropzone");
  const input = form.querySelector("input[type=file]");
  const label = zone.querySelector(".eventmedia-dropzone-text");
  const list = form.querySelector(".eventmedia-progress");
  const button = form.querySelector("button[type=submit]");

  // One row per file: its name, a bar that fills while the bytes go up, then what the server said.
  function row(file) {
    const item = document.createElement("li");
    const name = document.createElement("span");
    const bar = document.createElement("progress");
    const status = document.createElement("span");
    name.textContent = file.name;
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    status.textContent = say(form, "Waiting");
    item.append(name, bar, status);
    list.append(item);
    return {item, bar, status};
  }

  async function send(files) {
    if (!files.length) return;
    button.disabled = true;
    list.hidden = false;
    list.replaceChildren();
    const rows = Array.from(files, row);
    let index = 0;
    for (const file of files) {
      const {item, bar, status} = rows[index];
      status.textContent = say(form, "Sending");
      const body = new FormData();
      body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
      body.append("file", file);
      // The first file takes the chosen kind and caption, the others join the gallery.
      body.append("kind", index === 0 ? form.elements.kind.value : "gallery");
      body.append("caption", index === 0 ? form.elements.caption.value : "");
      const answer = await post(form.action, body, (sent, total) => {
        bar.value = Math.round((sent / total) * 100);
        if (sent === total) status.textContent = say(form, "Processing");
      });
      bar.value = 100;
      const note = (answer.messages || [])[0];
      item.dataset.level = note ? note.level : "error";
      status.textContent = note ? note.text : say(form, "Failed", {status: answer.status || "network"});
      index += 1;
    }
    // The answers are also the next page's messages: reload the panel to show the new images.
    label.textContent = say(form, "Done");
    window.history.replaceState(null, "", window.location.pathname + "#eventmedia");
    window.location.reload();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.files);
  });
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("is-dragging"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("is-dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("is-dragging");
    send(event.dataTransfer.files);  // a drop is a choice made: it uploads at once
  });
  input.addEventListener("change", () => {
    const names = Array.from(input.files, (file) => file.name);
    if (names.length) label.textContent = names.join(", ");
  });
}

// The focal point: a click where the subject is, or the arrow keys then Enter; saved in place.
function focalPoint(form) {
  const image = form.querySelector("img");
  const mark = form.querySelector(".eventmedia-focal-mark");
  const status = form.parentElement.querySelector(".eventmedia-focal-status");
  if (!image || !mark) return;
  const clamp = (value) => Math.min(Math.max(value, 0), 1);

  function place(x, y) {
    form.elements.x.value = clamp(x).toFixed(4);
    form.elements.y.value = clamp(y).toFixed(4);
    mark.style.left = `${clamp(x) * 100}%`;
    mark.style.top = `${clamp(y) * 100}%`;
    mark.classList.remove("is-unset");
  }

  async function save() {
    status.dataset.level = "";
    const answer = await post(form.action, new FormData(form));
    const note = (answer.messages || [])[0];
    status.dataset.level = note ? note.level : "error";
    status.textContent = note ? note.text : say(form, "Failed", {status: answer.status || "network"});
  }

  image.addEventListener("click", (event) => {
    const box = image.getBoundingClientRect();
    place((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    save();
  });
  form.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? 0.01 : 0.05;
    const moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]};
    if (event.key in moves) {
      event.preventDefault();
      const [dx, dy] = moves[event.key];
      place(Number(form.elements.x.value) + dx, Number(form.elements.y.value) + dy);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      save();
    }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); save(); });
}

document.addEventListener("DOMContentLoaded", () => {
  // A panel action lands on #eventmedia, far below the admin's message list: bring the list along.
  const panel = document.getElementById("eventmedia");
  const messages = document.querySelector(".messagelist");
  if (panel && messages && window.location.hash === "#eventmedia") {
    panel.querySelector("h2").after(messages);
    panel.scrollIntoView();
  }
  document.querySelectorAll("form.eventmedia-upload").forEach(uploader);
  document.querySelectorAll("form.eventmedia-focal").forEach(focalPoint);
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
