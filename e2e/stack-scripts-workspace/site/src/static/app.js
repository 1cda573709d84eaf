console.log("v1", window.STP_INJECTED_ENV.API_URL);
