// Preloaded by the benchmark (node --import) to report the process's peak RSS at exit.
process.on('exit', () => {
  process.stderr.write(`\n__maxrss_kb=${process.resourceUsage().maxRSS}\n`);
});
