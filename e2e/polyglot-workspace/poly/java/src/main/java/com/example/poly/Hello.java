package com.example.poly;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Greets the event's name. */
public class Hello implements RequestHandler<Map<String, Object>, Map<String, String>> {
  @Override
  public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
    Object name = event == null ? null : event.get("name");
    return Map.of("language", "java", "message", "Hello, " + (name == null ? "world" : name) + "!");
  }
}
