/** A one-line progress bar on a TTY; periodic plain lines otherwise (CI logs). */
export function createProgressPrinter(out: NodeJS.WriteStream = process.stdout) {
  let lastPlain = 0;
  return {
    update(label: string, done: number, total: number | null, extra = ''): void {
      const pct = total ? Math.min(1, done / total) : 0;
      if (out.isTTY) {
        const width = 30;
        const filled = Math.round(pct * width);
        const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(pct * 100).toFixed(0).padStart(3)}%` : '[working]';
        out.write(`\r${label} ${bar} ${done}${total ? `/${total}` : ''} ${extra}   `);
      } else if (Date.now() - lastPlain > 2000) {
        lastPlain = Date.now();
        out.write(`${label}: ${done}${total ? `/${total}` : ''} ${extra}\n`);
      }
    },
    finish(line: string): void {
      out.write(out.isTTY ? `\r${line}\n` : `${line}\n`);
    },
  };
}
