#!/usr/bin/env node
// An independent wallet for Certify's OpenID4VCI issuer: Digital Bazaar's
// @digitalbazaar/oid4-client drives the pre-authorized code flow (discovery, token, nonce,
// proof, credential) with a fresh Ed25519 key whose did:key comes from
// @digitalbazaar/did-method-key. Nothing here knows Certify's endpoints: they come from the
// offer and the issuer's metadata.
//
//   node tools/oid4vci-wallet/wallet.mjs [--loopback-http] OFFER_URI
//
// OFFER_URI is the `openid-credential-offer://?credential_offer=…` link the certificate page
// shows. Prints {did, credential} as JSON and exits 0, or prints {error, causes} and exits 1
// (2 on a usage error).
//
// --loopback-http: the client insists on https URLs (OpenID4VCI requires TLS). A test server
// on 127.0.0.1 or localhost speaks plain HTTP; with this flag, requests to https://127.0.0.1:…
// and https://localhost:… are sent over HTTP instead. Other hosts are never rewritten.
import * as DidKey from '@digitalbazaar/did-method-key';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {OID4Client, parseCredentialOfferUrl} from '@digitalbazaar/oid4-client';

function usage(message) {
  process.stderr.write(`${message}\nusage: wallet.mjs [--loopback-http] OFFER_URI\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const loopbackHttp = args.includes('--loopback-http');
const [offerUri] = args.filter(arg => arg !== '--loopback-http');
if(!offerUri) {
  usage('Give the credential offer link.');
}

if(loopbackHttp) {
  const LOOPBACK = /^https:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;
  const platformFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if(!LOOPBACK.test(url)) {
      return platformFetch(input, init);
    }
    const plain = url.replace(/^https:/, 'http:');
    if(typeof input === 'string') {
      return platformFetch(plain, init);
    }
    const hasBody = !['GET', 'HEAD'].includes(input.method);
    return platformFetch(plain, {
      method: input.method,
      headers: input.headers,
      body: hasBody ? await input.arrayBuffer() : undefined,
      redirect: input.redirect,
      signal: input.signal
    });
  };
}

function causes(error) {
  const chain = [];
  for(let e = error; e; e = e.cause) {
    chain.push({name: e.name, message: e.message, status: e.status, data: e.data});
  }
  return chain;
}

try {
  const offer = parseCredentialOfferUrl({url: offerUri});

  // The holder's key and its DID, as a Digital Bazaar wallet makes them.
  const keyPair = await Ed25519Multikey.generate();
  const driver = DidKey.driver();
  driver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  const {didDocument, methodFor} = await driver.fromKeyPair({verificationKeyPair: keyPair});
  // The DID document's method names the key; the generated pair holds its secret half.
  keyPair.id = methodFor({purpose: 'authentication'}).id;
  keyPair.controller = didDocument.id;
  const didProofSigner = keyPair.signer();

  const client = await OID4Client.fromCredentialOffer({offer});
  const {nonce} = await client.getNonce();
  const result = await client.requestCredentials({
    did: didDocument.id, didProofSigner, nonce
  });
  process.stdout.write(JSON.stringify({
    did: didDocument.id, kid: didProofSigner.id, credential: result.credential
  }, null, 2) + '\n');
} catch(error) {
  process.stdout.write(JSON.stringify({error: error.message, causes: causes(error)}, null, 2) + '\n');
  process.exit(1);
}
