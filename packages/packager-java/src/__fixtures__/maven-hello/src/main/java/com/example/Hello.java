package com.example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Test handler: greets the event's name with a line read from a bundled resource. */
public class Hello implements RequestHandler<Map<String, Object>, String> {
  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    String greeting = new java.util.Scanner(Hello.class.getResourceAsStream("/greeting.txt"), "UTF-8").nextLine();
    return greeting + ", " + event.get("name") + "!";
  }
}
