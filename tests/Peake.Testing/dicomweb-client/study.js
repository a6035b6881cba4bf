// One stored study through a cluster node's DICOMweb routes with the npm dicomweb-client, as a viewer reads priors:
// QIDO-RS for the study, its series and instances, WADO-RS metadata and every instance (each written to OUT_DIR as
// <SOP Instance UID>.dcm for the C# test to compare), then STOW-RS of one more file.
// Usage: node study.js <baseUrl> <hospitalAe> <studyInstanceUid> <out dir> <part10 file to store>
// Prints one JSON line summarising what the client saw; the C# test asserts on it.
'use strict';
global.XMLHttpRequest = require('xhr2');
const fs = require('fs');
const path = require('path');
const { api } = require('dicomweb-client');

async function main() {
  const [url, hospital, study, outDir, stowFile] = process.argv.slice(2);
  const client = new api.DICOMwebClient({ url, headers: { 'X-Peake-Hospital': hospital }, verbose: false });
  const value = (entity, tag) => (entity[tag] && entity[tag].Value ? entity[tag].Value[0] : undefined);

  const studies = await client.searchForStudies({ queryParams: { StudyInstanceUID: study, includefield: '00081030' } });
  const series = await client.searchForSeries({ studyInstanceUID: study });
  const instances = [];
  for (const s of series) {
    const seriesUid = value(s, '0020000E');
    for (const i of await client.searchForInstances({ studyInstanceUID: study, seriesInstanceUID: seriesUid })) {
      instances.push({ series: seriesUid, sop: value(i, '00080018') });
    }
  }
  const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: study });
  for (const { series: seriesUid, sop } of instances) {
    // No mediaTypes: 0.11.3 reduces a single { mediaType: 'application/dicom' } to "application/" (see smoke.js).
    const retrieved = await client.retrieveInstance({ studyInstanceUID: study, seriesInstanceUID: seriesUid, sopInstanceUID: sop });
    fs.writeFileSync(path.join(outDir, `${sop}.dcm`), Buffer.from(Array.isArray(retrieved) ? retrieved[0] : retrieved));
  }
  const bytes = fs.readFileSync(stowFile);
  const stored = await client.storeInstances({ datasets: [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)] });

  console.log(JSON.stringify({
    studies: studies.length,
    patientName: studies.length ? value(studies[0], '00100010') : null,
    description: studies.length ? value(studies[0], '00081030') : null,
    series: series.length,
    instances: instances.length,
    metadataInstances: metadata.length,
    stored: typeof stored === 'string' && stored.includes('00081199'),
  }));
}

main().catch((error) => {
  console.error('client failed:', error && (error.status || error.message || error));
  process.exit(1);
});
