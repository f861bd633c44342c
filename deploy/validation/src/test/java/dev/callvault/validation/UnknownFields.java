package dev.callvault.validation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a model did not know. fabric8's and Strimzi's models are lenient: Jackson keeps an unknown field in
 * the object's {@code additionalProperties} instead of failing. Walking the parsed object and reporting every
 * non-empty {@code additionalProperties} makes the parse strict.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /**
     * @param path     where the object is, e.g. {@code base/ingest-service.yaml Deployment/ingest-service}
     * @param model    a parsed fabric8 or Strimzi model object
     * @param problems receives one line per unknown field: its path and name
     */
    static void collect(String path, Object model, List<String> problems) {
        if (model == null) {
            return;
        }
        if (model instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                collect(path + "[" + index++ + "]", item, problems);
            }
            return;
        }
        if (model instanceof Map<?, ?> map) {
            map.forEach((key, value) -> collect(path + "." + key, value, problems));
            return;
        }
        String type = model.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : model.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value = invoke(getter, model);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + unknown.keySet());
                }
            } else {
                collect(path + "." + property(getter), value, problems);
            }
        }
    }

    private static Object invoke(Method getter, Object model) {
        try {
            return getter.invoke(model);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
