import ExcelJS from 'exceljs';
const file = process.argv[2];
const t0 = Date.now();
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
let n = 0; let maxRss = 0;
reader.on('entry', (e) => console.log('entry', e.path ?? e));
for await (const ws of reader) {
  console.log('sheet', ws.name, ws.id);
  for await (const row of ws) {
    n++;
    if (n <= 3 || row.number === 100) console.log(row.number, JSON.stringify(row.values).slice(0, 600));
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }
}
console.log('rows', n, 'ms', Date.now() - t0, 'maxRss MB', maxRss / 1e6);
