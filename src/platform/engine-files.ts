/**
 * The embedded engine's files in DATA_DIR, and the error that says the engine cannot
 * run (its message, in French and English, is printed as it is).
 */
import path from 'node:path';

export class EngineUnavailable extends Error {}

/** The longest path of a Unix socket on Linux (108 bytes with the final NUL). */
const MAX_SOCKET_PATH = 107;

/** The socket `name` in `dir`, or a clear refusal when the path is too long for a socket. */
export function socketIn(dir: string, name: string): string {
  const socket = path.join(dir, name);
  if (Buffer.byteLength(socket) <= MAX_SOCKET_PATH) return socket;
  throw new EngineUnavailable(
    [
      `Le chemin du dossier de données est trop long pour la prise de la base de données (${Buffer.byteLength(socket)} octets, ${MAX_SOCKET_PATH} au plus) :`,
      `  ${socket}`,
      '  Choisissez un dossier plus court : DATA_DIR=/chemin/court npm start',
      `The data folder's path is too long for the database socket (${Buffer.byteLength(socket)} bytes, at most ${MAX_SOCKET_PATH}):`,
      `  ${socket}`,
      '  Choose a shorter folder: DATA_DIR=/short/path npm start',
    ].join('\n'),
  );
}

/** The driver's address of a socket: its path, URL-encoded, in place of host:port. */
export function socketUri(socket: string, dbName = ''): string {
  return `mongodb://${encodeURIComponent(socket)}/${dbName}`;
}
