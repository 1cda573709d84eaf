import { createServer } from 'node:http';

createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ from: 'back', path: req.url }));
}).listen(18402, '127.0.0.1');
