/**
 * Charts drawn on the server as small inline SVG: no script, no library, a few hundred
 * bytes each. Each has a title and a description (read by screen readers through
 * role="img" and aria-labelledby), and the page shows the same figures in a table.
 * Colours come from the stylesheet (classes), so print and high contrast follow it.
 */

export interface Bar {
  label: string;
  value: number;
  /** The value as the reader sees it (e.g. "52 %"). */
  text: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (x: number) => Math.round(x * 10) / 10;

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
  return (
    `<svg class="chart" id="${esc(id)}" role="img" aria-labelledby="${esc(id)}-t ${esc(id)}-d" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${esc(id)}-t">${esc(title)}</title><desc id="${esc(id)}-d">${esc(desc)}</desc>${body}</svg>`
  );
}

/** Vertical bars, one per label (months): values above the bars, labels below. */
export function columnChart(opts: { id: string; title: string; desc: string; bars: Bar[] }): string {
  const { bars } = opts;
  const width = 640;
  const height = 220;
  const top = 20;
  const bottom = 28;
  const plot = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = (width - 20) / Math.max(1, bars.length);
  const bw = Math.max(2, step * 0.7);
  // Crowded labels (a long custom period): every k-th one only.
  const every = Math.ceil(bars.length / 12);
  let body = `<line class="axis" x1="10" y1="${top + plot}" x2="${width - 10}" y2="${top + plot}"/>`;
  bars.forEach((b, i) => {
    const h = n1((b.value / max) * plot);
    const x = n1(10 + i * step + (step - bw) / 2);
    const y = n1(top + plot - h);
    const cx = n1(x + bw / 2);
    body += `<rect class="bar" x="${x}" y="${y}" width="${n1(bw)}" height="${h}"/>`;
    if (i % every === 0) {
      body += `<text class="value" x="${cx}" y="${n1(y - 4)}" text-anchor="middle">${esc(b.text)}</text>`;
      body += `<text class="label" x="${cx}" y="${height - 8}" text-anchor="middle">${esc(b.label)}</text>`;
    }
  });
  return frame(opts.id, opts.title, opts.desc, width, height, body);
}

/** Horizontal bars of a share (0 to 1), one line per label (sites, buildings). */
export function shareChart(opts: { id: string; title: string; desc: string; bars: Bar[] }): string {
  const { bars } = opts;
  const width = 640;
  const row = 30;
  const left = 200;
  const right = 70;
  const height = Math.max(1, bars.length) * row + 10;
  const plot = width - left - right;
  let body = '';
  bars.forEach((b, i) => {
    const y = 5 + i * row;
    const w = n1(Math.max(0, Math.min(1, b.value)) * plot);
    const label = b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label;
    body += `<text class="label" x="${left - 8}" y="${y + 19}" text-anchor="end">${esc(label)}</text>`;
    body += `<rect class="track" x="${left}" y="${y + 4}" width="${plot}" height="${row - 10}"/>`;
    body += `<rect class="bar" x="${left}" y="${y + 4}" width="${w}" height="${row - 10}"/>`;
    body += `<text class="value" x="${left + plot + 6}" y="${y + 19}">${esc(b.text)}</text>`;
  });
  return frame(opts.id, opts.title, opts.desc, width, height, body);
}
