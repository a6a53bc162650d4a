/**
 * The page's side of the engine: a Web Worker running engine.js, started on the first request
 * (so nothing heavy loads before the user gives input). Where the browser refuses a worker (a
 * page opened from disk), engine.js is loaded into the page and called directly.
 */
import type { InPageEngine, Request, Response } from "./protocol.js";
import { loadScript } from "./files.js";

const ENGINE = "engine.js";

export class EngineClient {
  private worker: Worker | null = null;
  private inPage: InPageEngine | null = null;
  private starting: Promise<void> | null = null;
  private answered = false;
  private readonly waiting = new Map<number, { request: Request; resolve: (r: Response) => void }>();
  /** Where the engine runs (shown on the page), once started. */
  mode: "worker" | "page" | null = null;

  request(request: Request): Promise<Response> {
    return this.start().then(
      () =>
        new Promise<Response>((resolve) => {
          this.waiting.set(request.seq, { request, resolve });
          this.send(request);
        }),
    );
  }

  private start(): Promise<void> {
    this.starting ??= this.launch();
    return this.starting;
  }

  private async launch(): Promise<void> {
    if (location.protocol !== "file:" && typeof Worker === "function") {
      try {
        const worker = new Worker(ENGINE);
        worker.onmessage = (event: MessageEvent<Response>) => {
          this.answered = true;
          this.deliver(event.data);
        };
        // A worker that cannot load its script fails before any answer: run in the page instead.
        worker.onerror = () => {
          if (!this.answered) void this.fallBack();
        };
        this.worker = worker;
        this.mode = "worker";
        return;
      } catch {
        // refused (a page from disk in some browsers): run in the page
      }
    }
    await this.useInPage();
  }

  private async useInPage(): Promise<void> {
    await loadScript(ENGINE);
    const engine = (globalThis as { classadEngine?: InPageEngine }).classadEngine;
    if (engine === undefined) throw new Error("the engine did not load");
    this.inPage = engine;
    this.mode = "page";
  }

  private async fallBack(): Promise<void> {
    this.worker?.terminate();
    this.worker = null;
    await this.useInPage();
    for (const { request } of this.waiting.values()) this.send(request);
  }

  private send(request: Request): void {
    if (this.worker !== null) {
      this.worker.postMessage(request);
      return;
    }
    const engine = this.inPage;
    if (engine === null) return;
    // Answer on a later task so the page repaints first.
    setTimeout(() => {
      let response: Response;
      try {
        response = engine.handle(request);
      } catch (err) {
        response = { kind: "failure", seq: request.seq, message: err instanceof Error ? err.message : String(err) };
      }
      this.deliver(response);
    }, 0);
  }

  private deliver(response: Response): void {
    const entry = this.waiting.get(response.seq);
    if (entry === undefined) return;
    this.waiting.delete(response.seq);
    entry.resolve(response);
  }
}
