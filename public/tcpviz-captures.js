// tcpviz page: capture files (hand-written; loaded after tcpviz-page.js, which installs it).
//
// Open a .pcap/.pcapng/.cap by dropping it on the page or with the "Open capture" button
// (both hand its bytes to tcpviz_open_capture, web/api_capture.cpp), and "Save as pcap" /
// "Save scenario" as Blob downloads (nothing leaves the page). Adds to window.tcpviz:
// openCapture(file | Blob | ArrayBuffer | Uint8Array, name?), connections(),
// showConnection(id), backToSimulation(), exportPcap() -> Uint8Array, savePcap(),
// saveScenario(). A capture that cannot be read is shown in the page's notice, with the
// reader's message naming the byte offset.
(function () {
  'use strict';

  function installCaptures(tcpviz, { requireModule, nextFrame, sync, showNotice, topButton }) {
    const m = tcpviz.module;
    if (!m || typeof m._tcpviz_open_capture !== 'function') return;

    const download = (name, mime, bytes) => {
      const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    };

    const openCapture = async (x, name) => {
      let bytes;
      if (x instanceof Blob) bytes = new Uint8Array(await x.arrayBuffer());
      else if (x instanceof ArrayBuffer) bytes = new Uint8Array(x);
      else if (ArrayBuffer.isView(x)) bytes = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
      else throw new Error('openCapture() takes a File, Blob, ArrayBuffer or Uint8Array');
      const label = String(name ?? (x && x.name) ?? 'capture');
      const nameBytes = new TextEncoder().encode(label);
      const ptr = m._malloc(bytes.length + 1);
      const namePtr = m._malloc(nameBytes.length + 1);
      let problem;
      try {
        m.HEAPU8.set(bytes, ptr); // HEAPU8 after _malloc: memory growth replaces it
        m.HEAPU8.set(nameBytes, namePtr);
        problem = m.UTF8ToString(m._tcpviz_open_capture(ptr, bytes.length, namePtr, nameBytes.length));
      } finally {
        m._free(ptr);
        m._free(namePtr);
      }
      if (problem) throw new Error(problem);
      await nextFrame();
      await nextFrame();
      sync();
      return tcpviz.connections();
    };

    // Files from the page (drop, picker): problems go to the notice, never to the console.
    const openFromPage = (file) => {
      if (!file) return;
      openCapture(file, file.name).then(() => {
        const notice = document.getElementById('notice');
        if (notice) notice.hidden = true;
      }, (e) => showNotice(`Could not open ${file.name}: ${e.message}`));
    };

    const exportFile = (what) => {
      const info = JSON.parse(m.UTF8ToString(m._tcpviz_export_info(what)));
      if (!info.ok) throw new Error(info.error);
      const ptr = m._tcpviz_export_bytes(what);
      const size = m._tcpviz_result_size();
      return { name: info.name, mime: info.mime, bytes: m.HEAPU8.slice(ptr, ptr + size) };
    };

    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'tcpviz-capture-input';
    input.accept = '.pcap,.pcapng,.cap,application/vnd.tcpdump.pcap';
    input.hidden = true;
    input.addEventListener('change', () => {
      openFromPage(input.files && input.files[0]);
      input.value = ''; // the same file again is a new change
    });
    document.body.appendChild(input);

    const button = topButton('tcpviz-open-capture', 'Open capture', '打开抓包文件',
                             'Open a .pcap or .pcapng capture (or drop it on the page)');
    button.hidden = new URLSearchParams(location.search).get('embed') === '1';
    button.addEventListener('click', () => input.click());
    document.body.appendChild(button);

    window.addEventListener('dragover', (e) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files')) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }
    });
    window.addEventListener('drop', (e) => {
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (!file) return;
      e.preventDefault();
      openFromPage(file);
    });

    // The File menu inside the app calls back here (tcpviz_capture_install).
    m.tcpvizPickCapture = () => input.click();
    m.tcpvizDownload = (name, mime, bytes) => download(name, mime, bytes);
    m._tcpviz_capture_install();

    Object.assign(tcpviz, {
      openCapture: (x, name) => {
        requireModule();
        return openCapture(x, name);
      },
      // { source: 'simulation'|'capture'|'live', title, capture: { name, info } | null, shown,
      //   editing_off, connections: [{ id, client, server, status, segments, bytes, ... }] }
      connections: () => {
        requireModule();
        return JSON.parse(m.UTF8ToString(m._tcpviz_connections_json()));
      },
      showConnection: async (id) => {
        requireModule();
        const problem = m.UTF8ToString(m._tcpviz_show_connection(Number(id)));
        if (problem) throw new Error(problem);
        await nextFrame();
        await nextFrame();
      },
      backToSimulation: () => {
        requireModule();
        m._tcpviz_back_to_simulation();
      },
      exportPcap: () => exportFile(0).bytes,
      savePcap: () => {
        const f = exportFile(0);
        download(f.name, f.mime, f.bytes);
        return f.name;
      },
      saveScenario: () => {
        const f = exportFile(1);
        download(f.name, f.mime, f.bytes);
        return f.name;
      },
    });
  }

  // tcpviz-page.js runs install once the module is loaded, before it applies the URL.
  if (window.tcpvizPage) window.tcpvizPage.extend({ install: installCaptures });
})();
