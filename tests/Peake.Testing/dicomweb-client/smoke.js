// Drives PeakeCluster's DICOMweb routes with the npm dicomweb-client, as a viewer would (BRIEF6 7).
// Usage: node smoke.js <baseUrl> <hospitalAe> <part10 file to store> <its patient id>
// Prints one JSON line summarising what the client saw; the C# test asserts on it.
'use strict';
global.XMLHttpRequest = require('xhr2');
const fs = require('fs');
const crypto = require('crypto');
const { api } = require('dicomweb-client');

async function main() {
  const [url, hospital, file, patientId] = process.argv.slice(2);
  const client = new api.DICOMwebClient({ url, headers: { 'X-Peake-Hospital': hospital }, verbose: false });
  const bytes = fs.readFileSync(file);
  const dataset = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const value = (entity, tag) => (entity[tag] && entity[tag].Value ? entity[tag].Value[0] : undefined);

  const storeResponse = await client.storeInstances({ datasets: [dataset] });
  const studies = await client.searchForStudies({
    queryParams: { PatientID: patientId, StudyDate: '19000101-', limit: 10, offset: 0, includefield: '00081030', fuzzymatching: false },
  });
  const study = value(studies[0], '0020000D');
  const series = await client.searchForSeries({ studyInstanceUID: study });
  const seriesUid = value(series[0], '0020000E');
  const instances = await client.searchForInstances({ studyInstanceUID: study, seriesInstanceUID: seriesUid });
  const sop = value(instances[0], '00080018');
  const metadata = await client.retrieveStudyMetadata({ studyInstanceUID: study });
  const retrieved = await client.retrieveInstance({
    studyInstanceUID: study,
    seriesInstanceUID: seriesUid,
    sopInstanceUID: sop,
    // No mediaTypes: 0.11.3 reduces a single { mediaType: 'application/dicom' } to the common prefix "application/"
    // and refuses it; without them it asks for type="application/dicom" and our default (Explicit VR LE = as stored).
  });
  const part = Buffer.from(Array.isArray(retrieved) ? retrieved[0] : retrieved);
  let missing = 0;
  try {
    await client.retrieveStudyMetadata({ studyInstanceUID: '1.2.3.4.5.6.7' });
  } catch (error) {
    missing = error.status;
  }

  console.log(JSON.stringify({
    stored: typeof storeResponse === 'string' && storeResponse.includes('00081199'),
    studies: studies.length,
    study,
    patientName: value(studies[0], '00100010'),
    series: series.length,
    instances: instances.length,
    sop,
    metadataInstances: metadata.length,
    metadataSop: value(metadata[0], '00080018'),
    retrievedSha256: crypto.createHash('sha256').update(part).digest('hex'),
    retrievedLength: part.length,
    missingStatus: missing,
  }));
}

main().catch((error) => {
  console.error('client failed:', error && (error.status || error.message || error));
  process.exit(1);
});
