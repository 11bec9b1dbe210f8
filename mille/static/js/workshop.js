/* Mille — a participant's answer is never lost.
 * Each answer gets an id made here; it is kept in this browser (localStorage) until the server
 * confirms it, and sent again after a failure or when the connection comes back. The server stores
 * each id once, so an answer that arrived but whose confirmation was lost is not doubled.
 * Also: the voice recorder (MediaRecorder), stopped at two minutes. */
(function () {
  "use strict";

  var MAX_SECONDS = 120;
  var RETRY_MS = 5000;

  function uuid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function say(text) {
    var region = document.getElementById("messages");
    if (!region) return;
    region.innerHTML = "";
    var line = document.createElement("p");
    line.className = "message";
    line.textContent = text;
    window.setTimeout(function () { region.appendChild(line); }, 50);
  }

  function sayError(text) {
    say(text);
    window.setTimeout(function () {
      var line = document.querySelector("#messages .message");
      if (line) line.classList.add("message-error");
    }, 60);
  }

  function dataUrlToBlob(dataUrl) {
    var parts = dataUrl.split(",");
    var type = parts[0].replace(/^data:/, "").replace(/;base64$/, "");
    var binary = window.atob(parts[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type: type });
  }

  function blobToDataUrl(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsDataURL(blob);
    });
  }

  var form = document.getElementById("contribution-form");
  if (!form) return;
  var storeKey = "mille-queue-" + form.dataset.queue;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var clientField = form.querySelector("[data-client-id]");
  var pendingBox = document.getElementById("pending");
  var pendingList = pendingBox.querySelector("[data-pending-list]");
  var recorded = null;
  var retryTimer = null;
  var sending = {};

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    try { window.localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* full: the form keeps the text */ }
  }
  function drop(id) { save(load().filter(function (item) { return item.id !== id; })); }

  function renderPending() {
    var queue = load();
    pendingList.innerHTML = "";
    queue.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = (item.text || "🎤") + " — " + form.dataset.msgWaiting;
      pendingList.appendChild(li);
    });
    pendingBox.hidden = queue.length === 0;
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = window.setTimeout(function () { retryTimer = null; flush(); }, RETRY_MS);
  }

  function send(item) {
    if (sending[item.id]) return Promise.resolve();
    sending[item.id] = true;
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    body.append("client_id", item.id);
    body.append("text", item.text || "");
    if (item.audio) body.append("audio", dataUrlToBlob(item.audio), "voix." + (item.ext || "webm"));
    return window.fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (response.ok && isJson) {
        return response.json().then(function (data) {
          if (!data.ok) throw new Error("not stored");
          drop(item.id);
          say(form.dataset.msgSent);
          document.body.dispatchEvent(new Event("wall-refresh"));
        });
      }
      if (response.status === 400 && isJson) {
        // Refused for its content: give the text back to the person, with the reason.
        drop(item.id);
        return response.json().then(function (data) {
          var field = form.querySelector("[name=text]");
          if (field && !field.value) field.value = item.text || "";
          sayError(data.error || "");
        });
      }
      throw new Error("HTTP " + response.status);
    }).catch(function () {
      say(form.dataset.msgKept);
      scheduleRetry();
    }).then(function () {
      delete sending[item.id];
      renderPending();
    });
  }

  function flush() {
    if (!window.navigator.onLine) { scheduleRetry(); return; }
    load().forEach(send);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = form.querySelector("[name=text]").value.trim();
    var input = form.querySelector("[data-audio-input]");
    var file = recorded || (input && input.files && input.files[0]) || null;
    var id = clientField.value || uuid();
    var ready = file ? blobToDataUrl(file) : Promise.resolve(null);
    ready.then(function (audio) {
      if (!text && !audio) {
        sayError(form.dataset.msgEmpty || "");
        return;
      }
      var item = {
        id: id, url: form.action || window.location.href, text: text, audio: audio,
        ext: file ? ((file.type || "").indexOf("ogg") >= 0 ? "ogg" : (file.type || "").indexOf("mp4") >= 0 ? "mp4" : "webm") : null
      };
      var queue = load().filter(function (other) { return other.id !== id; });
      queue.push(item);
      save(queue);
      // The form is ready for a next answer; the sent one waits in the queue until confirmed.
      form.reset();
      clientField.value = uuid();
      clearRecording();
      renderPending();
      send(item);
    });
  });

  window.addEventListener("online", flush);
  clientField.value = uuid();
  renderPending();
  flush();

  // --- Recorder --------------------------------------------------------------------------------
  var box = form.querySelector("[data-recorder]");
  var controls = box.querySelector("[data-recorder-controls]");
  var startButton = box.querySelector("[data-record-start]");
  var stopButton = box.querySelector("[data-record-stop]");
  var clearButton = box.querySelector("[data-record-clear]");
  var status = box.querySelector("[data-record-status]");
  var preview = box.querySelector("[data-record-preview]");
  var fileInput = box.querySelector("[data-audio-input]");
  var recorder = null;
  var timer = null;

  function clearRecording() {
    recorded = null;
    preview.hidden = true;
    preview.removeAttribute("src");
    clearButton.hidden = true;
    status.textContent = "";
  }

  if (window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    controls.hidden = false;
    fileInput.hidden = true;
    var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];
    var mimeType = types.filter(function (t) { return window.MediaRecorder.isTypeSupported(t); })[0] || "";

    startButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var chunks = [];
        var options = { audioBitsPerSecond: 32000 };
        if (mimeType) options.mimeType = mimeType;
        recorder = new window.MediaRecorder(stream, options);
        recorder.ondataavailable = function (event) { if (event.data.size) chunks.push(event.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          window.clearInterval(timer);
          recorded = new Blob(chunks, { type: (recorder.mimeType || mimeType || "audio/webm").split(";")[0] });
          preview.src = URL.createObjectURL(recorded);
          preview.hidden = false;
          clearButton.hidden = false;
          startButton.hidden = false;
          stopButton.hidden = true;
          status.textContent = form.dataset.msgRecorded;
          startButton.focus();
        };
        recorder.start(1000);
        var seconds = 0;
        status.textContent = form.dataset.msgRecording;
        status.setAttribute("data-recording", "");
        timer = window.setInterval(function () {
          seconds += 1;
          if (seconds >= MAX_SECONDS && recorder.state === "recording") recorder.stop();
        }, 1000);
        startButton.hidden = true;
        stopButton.hidden = false;
        stopButton.focus();
      }).catch(function () {
        sayError(form.dataset.msgMic);
      });
    });
    stopButton.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") recorder.stop();
      status.removeAttribute("data-recording");
    });
    clearButton.addEventListener("click", function () { clearRecording(); startButton.focus(); });
  }
})();
