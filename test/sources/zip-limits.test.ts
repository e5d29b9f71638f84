// Zip inflation is capped (issue 14, row 10): a zip whose XML packs far more than any list does
// is refused from its directory before anything is inflated; one whose directory lies about the
// size is stopped while inflating; neither leaves a temp folder; OFAC's real zip still reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ofacEnhancedXmlFormat } from '../../src/sources/ofac_enhanced_xml.js';
import { ImportError } from '../../src/sources/types.js';
import { raw } from '../helpers/paths.js';
import { deflateRawSync } from 'node:zlib';
import { readAll } from '../helpers/read.js';
import { deflated, zipOf } from '../helpers/zip.js';

/** A one-entry zip (deflated), its directory declaring `declaredSize` for the entry. */
const oneEntryZip = (name: string, content: Buffer, declaredSize = content.length) => zipOf([{ ...deflated(name, content, undefined, 9), size: declaredSize }]);

const dir = mkdtempSync(join(tmpdir(), 'sanctrace-zipbomb-'));
const zipTemps = () => readdirSync(tmpdir()).filter((n) => n.startsWith('sanctrace-zip-')).length;
// 64 MB of one character after an XML declaration: packs over 1000:1, as bombs do.
const bombXml = Buffer.concat([Buffer.from('<?xml version="1.0"?><sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">'), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from('</sanctionsData>')]);

test('a zip whose XML packs over 200:1 is refused from its directory, nothing inflated', async () => {
  const file = join(dir, 'CONS_ENHANCED.ZIP');
  writeFileSync(file, oneEntryZip('CONS_ENHANCED.XML', bombXml));
  const before = zipTemps();
  await assert.rejects(readAll(ofacEnhancedXmlFormat, [file]), (err: unknown) => err instanceof ImportError && /CONS_ENHANCED\.ZIP: zip entry CONS_ENHANCED\.XML packs \d+ bytes into \d+ \(over 200:1\): refused as a zip bomb/u.test((err as Error).message));
  assert.equal(zipTemps(), before, 'no temp folder left');
});

test('a zip whose directory understates the size is stopped while inflating, and cleaned up', async () => {
  const file = join(dir, 'SDN_ENHANCED.ZIP');
  // Declares 1 MB (under the ratio for its packed size) but holds 64 MB.
  const packed = deflateRawSync(bombXml, { level: 9 }).length;
  writeFileSync(file, oneEntryZip('SDN_ENHANCED.XML', bombXml, Math.min(packed * 100, 64 * 1024 * 1024)));
  const before = zipTemps();
  await assert.rejects(readAll(ofacEnhancedXmlFormat, [file]), (err: unknown) => err instanceof ImportError && /inflates past \d+ bytes/u.test((err as Error).message));
  assert.equal(zipTemps(), before, 'no temp folder left');
});

test("OFAC's real CONS_ENHANCED.ZIP (16:1) still reads", async () => {
  const zipped = await readAll(ofacEnhancedXmlFormat, [raw('ofac_consolidated', 'watchman_2025-01-10', 'CONS_ENHANCED.ZIP')]);
  assert.ok(zipped.entities.length > 400, String(zipped.entities.length));
});
