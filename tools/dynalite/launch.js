'use strict'
// Starts dynalite on 127.0.0.1 (on a port the operating system chooses unless --port is given), prints
// "dynalite listening on <port>" on stdout, and exits when stdin closes, so a JVM that dies
// without stopping it leaves no orphan server behind.
//
// Usage: node launch.js [--port N] [--path DIR] [--ssl [--key FILE --cert FILE]]
//   --port N    listen on port N of 127.0.0.1; 0 (the default) lets the operating system choose
//   --path DIR  keep the tables in a LevelDB directory (they survive a restart); in memory if absent
//   --ssl       serve HTTPS instead of HTTP
//   --key FILE  with --ssl: the server's private key, PEM
//   --cert FILE with --ssl: the server's certificate, PEM, optionally followed by its intermediates
// --ssl without --key and --cert serves the certificate bundled with dynalite 4.0.0 (CN=dynalite, no
// subject alternative names, expired in 2018), which a client that verifies certificates rejects.

const fs = require('fs')
const dynalite = require('dynalite')

function option (argv, name) {
  const index = argv.indexOf(name)
  if (index < 0) {
    return undefined
  }
  if (index + 1 >= argv.length) {
    console.error('dynalite launcher: ' + name + ' needs a value')
    process.exit(2)
  }
  return argv[index + 1]
}

const args = process.argv.slice(2)
const port = Number(option(args, '--port') || '0')
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('dynalite launcher: --port must be an integer in [0, 65535]')
  process.exit(2)
}

function readPem (name) {
  const file = option(args, name)
  try {
    return fs.readFileSync(file)
  } catch (error) {
    console.error('dynalite launcher: failed to read ' + name + ' ' + file + ': ' + error.message)
    process.exit(2)
  }
}

const ssl = args.includes('--ssl')
const hasKey = args.includes('--key')
const hasCert = args.includes('--cert')
if ((hasKey || hasCert) && !ssl) {
  console.error('dynalite launcher: --key and --cert require --ssl')
  process.exit(2)
}
if (hasKey !== hasCert) {
  console.error('dynalite launcher: give both --key and --cert, or neither')
  process.exit(2)
}
const tls = hasKey
  // dynalite 4.0.0 fills a missing key, cert or ca option with its bundled file. The server requests
  // no client certificates and so needs no CA list, and an empty list keeps the bundled CA out.
  ? { key: readPem('--key'), cert: readPem('--cert'), ca: [] }
  : {}

const server = dynalite({
  path: option(args, '--path'),
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
  ssl,
  ...tls,
})

function shutdown () {
  server.close(() => process.exit(0))
  // A client holding a keep-alive connection can delay close; do not wait for it forever.
  setTimeout(() => process.exit(0), 2000).unref()
}

// A client that disconnects in the middle of a request (a killed JVM, a timeout) makes Node emit
// ECONNRESET ("aborted") on the request, and dynalite 4.0.0 rethrows request errors from its
// listener. Only that client's request is lost, so the launcher ignores those errors and still
// exits on any other uncaught error.
process.on('uncaughtException', (error) => {
  if (error && (error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.message === 'aborted')) {
    return
  }
  console.error('dynalite launcher: ' + (error && error.stack ? error.stack : error))
  process.exit(1)
})
server.on('connection', (socket) => {
  socket.on('error', () => {})
})
server.on('clientError', (error, socket) => {
  socket.destroy(error)
})
// A client that rejects the certificate aborts the handshake; only its connection is lost.
server.on('tlsClientError', (error, socket) => {
  socket.destroy()
})

server.on('error', (error) => {
  console.error('dynalite launcher: ' + error.message)
  process.exit(1)
})

server.listen(port, '127.0.0.1', () => {
  process.stdout.write('dynalite listening on ' + server.address().port + '\n')
})

process.stdin.on('end', shutdown)
process.stdin.on('close', shutdown)
process.stdin.resume()
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
