package com.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.HashMap;
import java.util.Map;

/** Test handler: the event's action picks echo, fail (thrown exception) or sleep. */
public class Orders implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    System.out.println("action " + event.get("action"));
    if ("fail".equals(event.get("action"))) {
      return check(event);
    }
    if ("sleep".equals(event.get("action"))) {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Map<String, Object> reply = new HashMap<>();
    reply.put("message", "Hello, " + event.get("name") + "!");
    reply.put("function", context.getFunctionName());
    reply.put("request", context.getAwsRequestId());
    reply.put("java", System.getProperty("java.specification.version"));
    return reply;
  }

  private Map<String, Object> check(Map<String, Object> event) {
    throw new IllegalArgumentException("order " + event.get("name") + " is not valid");
  }
}
