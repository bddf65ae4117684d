// Resumable chunked uploads on the lecture media page (see media/controllers_upload.py for the protocol).
// The file is sent in pieces with Content-Range; a dropped connection is retried with backoff, and the upload id is
// remembered per file, so that picking the same file again after closing the tab resumes where it stopped.
(function () {
  "use strict";

  var CHUNK = 8 * 1024 * 1024;
  var RETRIES = 8;
  var MAX_BACKOFF = 30000;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function storageKey(lectureId, purpose, language, file) {
    return ["lecturehall-upload", lectureId, purpose, language || "", file.name, file.size, file.lastModified].join("|");
  }

  function remember(key, id) { try { localStorage.setItem(key, id); } catch (e) { /* private mode: no resume */ } }
  function recall(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function forget(key) { try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ } }

  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  // A request answering {status, body}; a network failure rejects with {network: true}.
  function send(method, url, options) {
    options = options || {};
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Accept", "application/json");
      var headers = options.headers || {};
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (options.onProgress && xhr.upload) {
        xhr.upload.addEventListener("progress", function (event) { options.onProgress(event.loaded); });
      }
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        resolve({ status: xhr.status, body: body });
      };
      xhr.onerror = xhr.ontimeout = function () { reject({ network: true }); };
      xhr.onabort = function () { reject({ aborted: true }); };
      if (options.onStart) { options.onStart(xhr); }
      xhr.send(options.body === undefined ? null : options.body);
    });
  }

  function Uploader(root, form) {
    this.root = root;
    this.form = form;
    this.purpose = form.getAttribute("data-purpose");
    this.fileInput = form.querySelector("input[type=file]");
    this.languageSelect = form.querySelector("select[name=language]");
    this.submit = form.querySelector("[data-upload-submit]");
    this.status = form.querySelector("[data-upload-status]");
    this.bar = form.querySelector("[data-upload-progress]");
    this.text = form.querySelector("[data-upload-text]");
    this.live = form.querySelector("[data-upload-live]");
    this.error = form.querySelector("[data-upload-error]");
    this.cancelButton = form.querySelector("[data-upload-cancel]");
    this.busy = false;
    this.xhr = null;
    this.cancelled = false;
    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!self.busy) { self.start(); }
    });
    this.cancelButton.addEventListener("click", function () { self.cancel(); });
    this.submit.disabled = false;
  }

  Uploader.prototype.message = function (name) { return this.root.getAttribute("data-msg-" + name) || ""; };

  Uploader.prototype.say = function (text, announce) {
    this.text.textContent = text;
    if (announce) { this.live.textContent = text; }
  };

  Uploader.prototype.fail = function (text) {
    this.error.textContent = text || this.message("failed");
    this.status.hidden = true;
    this.finish();
  };

  Uploader.prototype.finish = function () {
    this.busy = false;
    this.xhr = null;
    this.submit.disabled = false;
    this.fileInput.disabled = false;
    if (this.languageSelect) { this.languageSelect.disabled = false; }
  };

  Uploader.prototype.headers = function (extra) {
    var headers = { "X-CSRFToken": this.root.getAttribute("data-csrf-token") };
    Object.keys(extra || {}).forEach(function (name) { headers[name] = extra[name]; });
    return headers;
  };

  Uploader.prototype.uploadUrl = function (id) {
    return this.root.getAttribute("data-upload-url").replace("UPLOAD_ID", encodeURIComponent(id));
  };

  Uploader.prototype.start = function () {
    var file = this.fileInput.files && this.fileInput.files[0];
    var language = this.languageSelect ? this.languageSelect.value : "";
    this.error.textContent = "";
    if (!file) { this.error.textContent = this.message("no-file"); this.fileInput.focus(); return; }
    if (this.languageSelect && !language) {
      this.error.textContent = this.message("no-language");
      this.languageSelect.focus();
      return;
    }
    this.busy = true;
    this.cancelled = false;
    this.file = file;
    this.key = storageKey(this.root.getAttribute("data-lecture-id"), this.purpose, language, file);
    this.submit.disabled = true;
    this.fileInput.disabled = true;
    if (this.languageSelect) { this.languageSelect.disabled = true; }
    this.status.hidden = false;
    this.bar.value = 0;
    this.lastMilestone = -1;
    this.samples = [];
    var self = this;
    this.open(language).then(function (offset) {
      if (offset !== null) { return self.sendFrom(offset); }
      return null;
    }).catch(function (problem) { self.stopped(problem); });
  };

  // The offset to send from: an upload remembered for this very file if the server still has it, else a new one.
  Uploader.prototype.open = function (language) {
    var self = this;
    var known = recall(this.key);
    var resume = known ? this.withRetries(function () { return send("GET", self.uploadUrl(known)); }) : Promise.resolve(null);
    return resume.then(function (answer) {
      if (answer && answer.status === 200 && answer.body && answer.body.status === "receiving") {
        self.id = known;
        self.chunk = CHUNK;
        self.say(self.message("resuming"), true);
        return answer.body.offset;
      }
      if (answer && answer.status === 200 && answer.body && answer.body.status === "failed") {
        forget(self.key);
        self.fail(answer.body.error);
        return null;
      }
      forget(self.key);
      self.say(self.message("starting"), true);
      var payload = JSON.stringify({ filename: self.file.name, size: self.file.size, purpose: self.purpose,
                                     language: language || null });
      return self.withRetries(function () {
        return send("POST", self.root.getAttribute("data-start-url"),
                    { headers: self.headers({ "Content-Type": "application/json" }), body: payload });
      }).then(function (created) {
        if (created.status !== 201 || !created.body) { self.refused(created); return null; }
        self.id = created.body.id;
        self.chunk = Math.min(CHUNK, created.body.chunk_size || CHUNK);
        remember(self.key, self.id);
        return created.body.offset;
      });
    });
  };

  // Sends the chunks in order from ``offset``; each is retried on its own when the network fails.
  Uploader.prototype.sendFrom = function (offset) {
    var self = this;
    var size = this.file.size;
    this.show(offset);
    if (this.cancelled) { return Promise.resolve(); }
    var end = Math.min(offset + this.chunk, size);
    var tries = 0;
    function attempt() {
      var piece = self.file.slice(offset, end);
      return send("PUT", self.uploadUrl(self.id), {
        headers: self.headers({ "Content-Type": "application/octet-stream",
                                "Content-Range": "bytes " + offset + "-" + (end - 1) + "/" + size }),
        body: piece,
        onStart: function (xhr) { self.xhr = xhr; },
        onProgress: function (loaded) { self.show(offset + Math.min(loaded, end - offset)); }
      }).then(function (answer) {
        if (answer.status >= 500 || answer.status === 0) { throw { network: true }; }
        return answer;
      }).catch(function (problem) {
        if (!problem.network || self.cancelled || tries >= RETRIES) { throw problem; }
        var delay = Math.min(MAX_BACKOFF, 1000 * Math.pow(2, tries));
        tries += 1;
        self.say(fill(self.message("retrying"), { seconds: Math.round(delay / 1000) }), true);
        // After the pause, ask where the server stands: the lost chunk may have arrived after all.
        return wait(delay).then(function () { return send("GET", self.uploadUrl(self.id)); }).then(function (state) {
          if (state.status === 200 && state.body && state.body.status === "receiving" && state.body.offset !== offset) {
            return { status: 409, body: state.body };
          }
          if (state.status === 200 && state.body && state.body.status !== "receiving") {
            return { status: 409, body: state.body };
          }
          return attempt();
        }, function () { return attempt(); });
      });
    }
    if (end === size) { this.checkingAfter = true; }
    return attempt().then(function (answer) {
      if (answer.status === 409 && answer.body && answer.body.status === "failed") {
        forget(self.key);
        return self.fail(answer.body.error);
      }
      if (answer.status === 409 && answer.body && typeof answer.body.offset === "number" &&
          answer.body.status !== "complete") {
        return self.sendFrom(answer.body.offset);
      }
      if (answer.status === 200 && answer.body && answer.body.status === "complete") { return self.done(); }
      if (answer.status === 409 && answer.body && answer.body.status === "complete") { return self.done(); }
      if (answer.status === 200 && answer.body && answer.body.status === "receiving") {
        return self.sendFrom(answer.body.offset);
      }
      return self.refused(answer);
    });
  };

  Uploader.prototype.show = function (sent) {
    var size = this.file.size;
    var now = Date.now();
    this.samples.push([now, sent]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 10000) { this.samples.shift(); }
    var first = this.samples[0];
    var seconds = (now - first[0]) / 1000;
    var speed = seconds > 0.5 ? Math.max(0, (sent - first[1]) / seconds) : 0;
    var language = document.documentElement.lang || undefined;
    var fraction = size ? sent / size : 0;
    this.bar.value = Math.floor(fraction * 100);
    if (sent >= size && this.checkingAfter) {
      this.say(this.message("checking"), true);
      return;
    }
    var percent = new Intl.NumberFormat(language, { style: "percent" }).format(Math.floor(fraction * 100) / 100);
    this.say(fill(this.message("progress"), {
      percent: percent,
      sent: bytes(sent, language),
      total: bytes(size, language),
      speed: speed ? bytes(speed, language, true) : "…"
    }), false);
    var milestone = Math.floor(fraction * 10);
    if (milestone !== this.lastMilestone) {
      this.lastMilestone = milestone;
      this.live.textContent = fill(this.message("milestone"), { percent: percent });
    }
  };

  function bytes(value, language, perSecond) {
    var units = [["gigabyte", 1073741824], ["megabyte", 1048576], ["kilobyte", 1024], ["byte", 1]];
    for (var i = 0; i < units.length; i++) {
      if (value >= units[i][1] || i === units.length - 1) {
        try {
          return new Intl.NumberFormat(language, {
            style: "unit", unit: units[i][0] + (perSecond ? "-per-second" : ""), maximumFractionDigits: 1
          }).format(value / units[i][1]);
        } catch (e) {
          return (value / units[i][1]).toFixed(1) + " " + units[i][0] + (perSecond ? "/s" : "");
        }
      }
    }
    return String(value);
  }

  Uploader.prototype.done = function () {
    forget(this.key);
    this.bar.value = 100;
    this.say(this.message("done"), true);
    this.finish();
    // The server has queued a message for the next page: the reload shows it with the new file in the list.
    setTimeout(function () { window.location.reload(); }, 1200);
  };

  Uploader.prototype.refused = function (answer) {
    var message = answer && answer.body && answer.body.error;
    if (answer && answer.status >= 400 && answer.status < 500) { forget(this.key); }
    this.fail(message || this.message("failed"));
  };

  Uploader.prototype.stopped = function (problem) {
    if (problem && problem.aborted) { return; }
    if (problem && problem.network) {
      // Keep the id: choosing the same file again resumes.
      this.fail(this.message("offline"));
      return;
    }
    this.fail(this.message("failed"));
  };

  Uploader.prototype.withRetries = function (request) {
    var self = this;
    function run(tries) {
      return request().then(function (answer) {
        if (answer.status >= 500) { throw { network: true }; }
        return answer;
      }).catch(function (problem) {
        if (!problem.network || self.cancelled || tries >= RETRIES) { throw problem; }
        var delay = Math.min(MAX_BACKOFF, 1000 * Math.pow(2, tries));
        self.say(fill(self.message("retrying"), { seconds: Math.round(delay / 1000) }), true);
        return wait(delay).then(function () { return run(tries + 1); });
      });
    }
    return run(0);
  };

  Uploader.prototype.cancel = function () {
    this.cancelled = true;
    if (this.xhr) { this.xhr.abort(); }
    var self = this;
    var done = function () {
      forget(self.key);
      self.status.hidden = true;
      self.error.textContent = "";
      self.live.textContent = self.message("cancelled");
      self.finish();
      self.submit.focus();
    };
    if (this.id) {
      send("DELETE", this.uploadUrl(this.id), { headers: this.headers() }).then(done, done);
    } else {
      done();
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("media-uploads");
    if (!root || !window.XMLHttpRequest || !window.Blob || !Blob.prototype.slice) { return; }
    var note = root.querySelector("[data-js-required]");
    if (note) { note.hidden = true; }
    var uploaders = [];
    var forms = root.querySelectorAll("form[data-upload-form]");
    for (var i = 0; i < forms.length; i++) { uploaders.push(new Uploader(root, forms[i])); }
    window.addEventListener("beforeunload", function (event) {
      var busy = uploaders.some(function (uploader) { return uploader.busy; });
      if (busy) { event.preventDefault(); event.returnValue = ""; }
    });
  });
})();
