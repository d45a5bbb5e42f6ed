// A module job for the demo's WebWorkerExecutor (fromModule(url, "mandelbrotStrip")): plain
// JavaScript served as it is, so the worker can import it in development and in the built page.

/** Escape-time colours of rows [y0, y1) of a width x height view of the Mandelbrot set, as RGBA. */
export function mandelbrotStrip(width, height, y0, y1, maxIter) {
  const pixels = new Uint8ClampedArray(width * (y1 - y0) * 4);
  for (let y = y0; y < y1; y++) {
    for (let x = 0; x < width; x++) {
      const cr = -2.2 + (x / width) * 3.0;
      const ci = -1.2 + (y / height) * 2.4;
      let zr = 0, zi = 0, i = 0;
      while (i < maxIter && zr * zr + zi * zi < 4) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        i++;
      }
      const k = ((y - y0) * width + x) * 4;
      const v = i === maxIter ? 0 : Math.sqrt(i / maxIter);
      pixels[k] = 255 * v;
      pixels[k + 1] = 255 * v * v;
      pixels[k + 2] = 80 + 175 * v;
      pixels[k + 3] = 255;
    }
  }
  return { pixels, worker: self.name };
}
