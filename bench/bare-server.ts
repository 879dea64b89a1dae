/**
 * The baseline of `npm run bench`: a bare Express + EJS page of BARE_BYTES bytes, in
 * its own process like the app, with no database, session, helmet or compression.
 * Prints `listening <port>`; stops when its parent closes stdin.
 */
import type { AddressInfo } from 'node:net';
import ejs from 'ejs';
import express from 'express';

const bytes = Number(process.argv[2] ?? 10_000);
const rows = Array.from({ length: Math.max(1, Math.round(bytes / 60)) }, (_, i) => ({
  name: `Résident numéro ${i}`,
  flat: `B ${i}`,
}));
const template = ejs.compile(
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title><%= title %></title></head><body><main><h1><%= title %></h1>' +
    '<ul><% for (const r of rows) { %><li><%= r.name %>, logement <%= r.flat %></li><% } %></ul></main></body></html>',
);
const app = express();
app.get('/', (_req, res) => {
  res.type('html').send(template({ title: 'Page nue', rows }));
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();
