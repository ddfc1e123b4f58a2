// eventmedia's admin panel: drop a file on the zone to upload it; confirm before deleting.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
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
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
