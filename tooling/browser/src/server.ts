// A static file server on 127.0.0.1 (port 0: the system picks one) for bundles, test pages and the
// demo. Files come from a map of in-memory bodies first, then from the given directories.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** A running server: its origin (`http://127.0.0.1:PORT`) and `close()`. */
export interface StaticServer {
  origin: string;
  /** Adds or replaces an in-memory file (path starting with "/"). */
  put(path: string, body: string | Uint8Array): void;
  close(): Promise<void>;
}

/** Serves `files` (in memory) and then the files under `roots`, in order. */
export async function serve(files: Map<string, string | Uint8Array> = new Map(), roots: string[] = []): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const type = TYPES[extname(path)] ?? "application/octet-stream";
    const headers = { "content-type": type, "cache-control": "no-store" };
    const body = files.get(path) ?? files.get(path.endsWith("/") ? `${path}index.html` : path);
    if (body !== undefined) {
      res.writeHead(200, path.endsWith("/") ? { ...headers, "content-type": TYPES[".html"]! } : headers);
      res.end(body);
      return;
    }
    for (const root of roots) {
      let file = normalize(join(root, path));
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) continue; // no ../ escapes
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
      if (existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
        createReadStream(file).pipe(res);
        return;
      }
    }
    res.writeHead(404, { "content-type": TYPES[".txt"]! });
    res.end(`not found: ${path}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put: (path, body) => void files.set(path, body),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
