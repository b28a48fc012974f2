'use strict'
// Starts dynalite on 127.0.0.1 (on a port the operating system chooses unless --port is given), prints
// "dynalite listening on <port>" on stdout, and exits when stdin closes, so a JVM that dies
// without stopping it leaves no orphan server behind.
//
// Usage: node launch.js [--port N] [--path DIR]
//   --port N    listen on port N of 127.0.0.1; 0 (the default) lets the operating system choose
//   --path DIR  keep the tables in a LevelDB directory (they survive a restart); in memory if absent

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

const server = dynalite({
  path: option(args, '--path'),
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
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
