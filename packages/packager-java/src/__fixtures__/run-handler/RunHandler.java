import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a handler from an unzipped Lambda package the way the Java runtime lays out its class
 * path (the folder itself, then lib/*.jar), calls it with {"name": args[2]} and prints the result.
 * Usage: java RunHandler.java <unzipped dir> <pkg.Class::method> <name>
 */
public class RunHandler {
  public static void main(String[] args) throws Exception {
    Path root = Paths.get(args[0]);
    List<URL> urls = new ArrayList<>();
    urls.add(root.toUri().toURL());
    Path lib = root.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> jars = Files.list(lib)) {
        for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) urls.add(jar.toUri().toURL());
      }
    }
    ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    String[] handler = args[1].split("::");
    Class<?> type = Class.forName(handler[0], true, loader);
    Object instance = type.getDeclaredConstructor().newInstance();
    for (Method m : type.getMethods()) {
      if (m.getName().equals(handler[1]) && m.getParameterCount() == 2 && !m.isBridge()) {
        System.out.println(m.invoke(instance, Map.of("name", args[2]), null));
        return;
      }
    }
    throw new IllegalStateException("no method " + args[1]);
  }
}
