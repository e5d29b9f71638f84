// Child process for the killed-import test: imports a file and reports progress on stdout,
// so the parent can kill it in the middle of the transaction.
import { openStore } from '../../src/store/open.js';
import { importList } from '../../src/sources/pipeline.js';

const [location, dataset, date, ...files] = process.argv.slice(2);
const store = await openStore(location);
let reported = false;
await importList(store, {
  paths: files,
  dataset,
  publishedAt: date,
  onProgress: (done, total) => {
    if (!reported && done > total / 3) {
      reported = true;
      process.stdout.write('midway\n');
    }
  },
});
// Only reached when nobody killed us.
process.stdout.write('finished\n');
await store.close();
