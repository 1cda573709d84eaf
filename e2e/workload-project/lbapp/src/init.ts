console.log('init: done');
