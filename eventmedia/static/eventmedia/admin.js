// eventmedia's admin panel: drop a file on the zone to upload it; click an image to set its focal
// point; confirm before deleting; show the messages of a panel action inside the panel.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A panel action lands on #eventmedia, far below the admin's message list: bring the list along.
  const panel = document.getElementById("eventmedia");
  const messages = document.querySelector(".messagelist");
  if (panel && messages && window.location.hash === "#eventmedia") {
    panel.querySelector("h2").after(messages);
    panel.scrollIntoView();
  }
  for (const zone of document.querySelectorAll(".eventmedia-dropzone")) {
    const input = zone.querySelector("input[type=file]");
    const label = zone.querySelector("span");
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("is-dragging"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("is-dragging"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("is-dragging");
      if (event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        input.dispatchEvent(new Event("change"));
      }
    });
    input.addEventListener("change", () => {
      if (input.files.length) label.textContent = input.files[0].name;
    });
  }
  // A click on an image sets its focal point: where the click fell, in 0..1 of the image.
  for (const form of document.querySelectorAll("form.eventmedia-focal")) {
    const image = form.querySelector("img");
    if (!image) continue;
    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      form.elements.x.value = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1).toFixed(4);
      form.elements.y.value = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1).toFixed(4);
      form.submit();
    });
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
