/**
 * Getting text into the inputs: dropped or chosen files (gzip undone in the browser with
 * DecompressionStream) and the bundled OSPool sample, read from the page's own files only.
 */

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Bytes as the text to show: gzip undone, UTF-8 decoded (ads are ASCII or UTF-8). */
export async function textOf(bytes: Uint8Array): Promise<string> {
  const plain = isGzip(bytes) ? await gunzip(bytes) : bytes;
  return new TextDecoder("utf-8").decode(plain);
}

export async function readFile(file: Blob): Promise<string> {
  return textOf(new Uint8Array(await file.arrayBuffer()));
}

const SAMPLE_FILE = "ospool-143.ads.gz";
const SAMPLE_SCRIPT = "sample.js";

/**
 * The bundled OSPool sample: fetched from the page's own folder; a page opened from disk may
 * not fetch, so it then loads the same bytes from a script beside it (base64).
 */
export async function loadSample(): Promise<string> {
  if (location.protocol !== "file:") {
    try {
      const response = await fetch(SAMPLE_FILE);
      if (response.ok) return await textOf(new Uint8Array(await response.arrayBuffer()));
    } catch {
      // fall back to the script below
    }
  }
  await loadScript(SAMPLE_SCRIPT);
  const base64 = (globalThis as { classadSample?: string }).classadSample;
  if (base64 === undefined) throw new Error("the bundled sample is missing");
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return textOf(bytes);
}

const loaded = new Map<string, Promise<void>>();

/** Load one of the page's scripts (once), as a classic script: this works from disk too. */
export function loadScript(src: string): Promise<void> {
  let promise = loaded.get(src);
  if (promise === undefined) {
    promise = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`cannot load ${src}`));
      document.head.append(script);
    });
    loaded.set(src, promise);
  }
  return promise;
}

/** Fill `target` from files dropped on `zone` or chosen with `picker`. */
export function acceptFiles(zone: HTMLElement, picker: HTMLInputElement, fill: (text: string, name: string) => void, fail: (message: string) => void): void {
  const take = (file: File | undefined): void => {
    if (file === undefined) return;
    readFile(file).then(
      (text) => fill(text, file.name),
      (err: unknown) => fail(`${file.name}: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    take(event.dataTransfer?.files[0]);
  });
  picker.addEventListener("change", () => {
    take(picker.files?.[0]);
    picker.value = "";
  });
}
