import { createServer } from 'node:http';

const get = (url: string) => fetch(url).then((r) => r.json(), (e: Error) => ({ error: e.message }));

createServer(async (req, res) => {
  // The workload's other container, on localhost and by its service-connect alias.
  const [local, alias] = await Promise.all([get(`${process.env.BACK_URL}/data`), get('http://back-api:18402/alias')]);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ from: 'front', path: req.url, local, alias, siteUrl: process.env.SITE_URL }));
}).listen(18401);

// dependsOn back HEALTHY: back already answers when front starts.
void get(`${process.env.BACK_URL}/data`).then((r) => console.log(`front: back answered at start ${JSON.stringify(r)}`));
