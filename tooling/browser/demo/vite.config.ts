// The demo page, built and served by Vite. The seed programs are the very files of
// packages/asyncio/examples; their `@aio/asyncio` imports are resolved from this package (dedupe),
// so Vite takes the built umbrella through its "browser" export conditions, as any app would.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  resolve: { dedupe: ["@aio/asyncio"] },
  build: { target: "es2022", outDir: "../dist/demo", emptyOutDir: true, reportCompressedSize: false },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  logLevel: "warn",
});
