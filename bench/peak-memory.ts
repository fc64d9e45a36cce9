// Loaded with `node --import` into a process whose peak memory a benchmark reports: samples the heap every
// 10 ms and, on exit, writes the peak heap and the peak resident set (bytes) as JSON to $PEAK_MEMORY_FILE.
import { writeFileSync } from 'node:fs';

let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
setInterval(sample, 10).unref();
process.on('exit', () => {
  sample();
  const file = process.env.PEAK_MEMORY_FILE;
  if (file) writeFileSync(file, JSON.stringify({ peakHeap, maxRss: process.resourceUsage().maxRSS * 1024 }));
});
