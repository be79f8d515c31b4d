// The evidence viewer on the reviewer's assess page (docs/decisions/0049-reviewer-workspace.md).
// A PDF is drawn by pdf.js (vendored, its worker from this site, eval switched off) on a canvas;
// a picture is an <img>. Nothing of the file runs: no PDF scripts, no links, no forms, no text
// layer. Without JavaScript the "View" buttons stay hidden and every file downloads.

const root = document.getElementById("evidence-viewer");
if (root) setUp(root);

function setUp(viewer) {
  const layout = document.getElementById("assess-layout");
  const part = (name) => viewer.querySelector(`[data-viewer="${name}"]`);
  const title = document.getElementById("viewer-title");
  const stage = part("stage");
  const canvas = part("canvas");
  const image = part("image");
  const status = part("status");
  const download = part("download");
  const wide = window.matchMedia("(min-width: 64rem)");
  const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];
  let pdfjs = null;
  let doc = null;
  let loading = null;
  let kind = "";
  let name = "";
  let pageNumber = 1;
  let zoom = 2; // an index into ZOOMS: 1 fits the width of the viewer
  let opener = null;
  let drawing = null;

  const loadPdfjs = async () => {
    if (!pdfjs) {
      pdfjs = await import(viewer.dataset.pdfjs);
      pdfjs.GlobalWorkerOptions.workerSrc = viewer.dataset.pdfjsWorker;
    }
    return pdfjs;
  };

  const say = (text) => {
    status.textContent = text;
  };

  const pages = () => (doc ? doc.numPages : 1);

  const updateTools = () => {
    const paged = kind === "pdf";
    part("prev").disabled = !paged || pageNumber <= 1;
    part("next").disabled = !paged || pageNumber >= pages();
    part("zoom-out").disabled = zoom <= 0;
    part("zoom-in").disabled = zoom >= ZOOMS.length - 1;
  };

  const fitWidth = () => Math.max(stage.clientWidth - 16, 200);

  const drawPdfPage = async () => {
    const page = await doc.getPage(pageNumber);
    const natural = page.getViewport({ scale: 1 });
    const scale = (fitWidth() / natural.width) * ZOOMS[zoom];
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    if (drawing) drawing.cancel();
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    drawing = page.render({ canvas, viewport });
    try {
      await drawing.promise;
    } catch (error) {
      if (error && error.name === "RenderingCancelledException") return;
      throw error;
    } finally {
      drawing = null;
    }
    canvas.setAttribute("aria-label", `Page ${pageNumber} of ${pages()} of ${name}`);
    canvas.dataset.renderedPage = String(pageNumber);
    say(`Page ${pageNumber} of ${pages()} · ${Math.round(ZOOMS[zoom] * 100)} %`);
  };

  const drawImage = () => {
    image.style.width = `${Math.round(fitWidth() * ZOOMS[zoom])}px`;
    say(`Picture · ${Math.round(ZOOMS[zoom] * 100)} %`);
  };

  const draw = async () => {
    updateTools();
    try {
      if (kind === "pdf" && doc) await drawPdfPage();
      else if (kind === "image") drawImage();
    } catch {
      say(`The viewer could not show ${name}. Download it to read it.`);
    }
  };

  const place = (button) => {
    // Beside the ratings on a wide screen; under the competency's own evidence on a narrow one.
    if (wide.matches) layout.append(viewer);
    else button.closest("[data-competency]").append(viewer);
    layout.classList.toggle("is-viewing", wide.matches);
  };

  const open = async (button) => {
    opener = button;
    kind = button.dataset.viewKind;
    name = button.dataset.viewTitle;
    pageNumber = 1;
    zoom = 2;
    title.textContent = name;
    download.href = button.dataset.downloadUrl;
    download.textContent = `Download ${name}`;
    canvas.hidden = kind !== "pdf";
    image.hidden = kind !== "image";
    delete canvas.dataset.renderedPage;
    place(button);
    viewer.hidden = false;
    title.focus();
    forget();
    if (kind === "image") {
      image.alt = `${name}: a picture the candidate gave as evidence`;
      image.src = button.dataset.viewUrl;
      await draw();
      return;
    }
    say(`Opening ${name}…`);
    try {
      const library = await loadPdfjs();
      const task = library.getDocument({
        url: button.dataset.viewUrl,
        isEvalSupported: false,
        enableXfa: false,
        useSystemFonts: true,
      });
      loading = task;
      const opened = await task.promise;
      if (loading !== task) return; // another file was opened, or the viewer closed, meanwhile
      doc = opened;
      await draw();
    } catch {
      say(`The viewer could not show ${name}. Download it to read it.`);
    }
  };

  // Let go of the open PDF: its loading task ends the document and its worker's work.
  const forget = () => {
    if (loading) loading.destroy();
    loading = null;
    doc = null;
  };

  const close = () => {
    // Focus goes back to the button that opened the viewer before the viewer hides, so it is
    // never left on a hidden element (or on the page's body).
    if (opener) opener.focus();
    viewer.hidden = true;
    layout.classList.remove("is-viewing");
    if (viewer.parentElement !== layout) layout.append(viewer);
    forget();
    image.removeAttribute("src");
  };

  const turn = (step) => {
    if (kind !== "pdf" || !doc) return;
    const next = Math.min(Math.max(pageNumber + step, 1), pages());
    if (next !== pageNumber) {
      pageNumber = next;
      draw();
    }
  };

  const zoomTo = (index) => {
    const next = Math.min(Math.max(index, 0), ZOOMS.length - 1);
    if (next !== zoom) {
      zoom = next;
      draw();
    }
  };

  part("prev").addEventListener("click", () => turn(-1));
  part("next").addEventListener("click", () => turn(1));
  part("zoom-out").addEventListener("click", () => zoomTo(zoom - 1));
  part("zoom-in").addEventListener("click", () => zoomTo(zoom + 1));
  part("close").addEventListener("click", close);

  viewer.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const onStage = event.target === stage;
    const keys = {
      Escape: close,
      PageDown: () => turn(1),
      PageUp: () => turn(-1),
      "+": () => zoomTo(zoom + 1),
      "=": () => zoomTo(zoom + 1),
      "-": () => zoomTo(zoom - 1),
      0: () => zoomTo(2),
    };
    if (onStage) {
      keys.ArrowRight = () => turn(1);
      keys.ArrowLeft = () => turn(-1);
    }
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  for (const button of document.querySelectorAll("[data-view-url]")) {
    button.hidden = false;
    button.addEventListener("click", () => open(button));
  }
}
