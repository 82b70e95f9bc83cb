package dev.evalunit.langsmith.internal.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link GraphWalker} renders instances of one class that is not a built-in value type: as its
 * {@code toString()}, as a JSON object of its bean properties (Jackson's view: public getters,
 * record components and public fields, honouring {@code @JsonIgnore} and {@code @JsonProperty}),
 * through its {@code @JsonValue} accessor, through Jackson itself (a class with its own Jackson
 * serializer) or as an array (a user {@link Iterable}).
 *
 * <p>Plans are computed once per class and cached in a {@link ClassValue}; immutable and
 * thread-safe.
 */
final class TypePlan {
    enum Kind { TO_STRING, BEAN, JSON_VALUE, JACKSON, ITERABLE }

    /** One readable property: its JSON name and the method or field that yields it. */
    static final class Property {
        private final String name;
        private final Member member;

        Property(String name, Member member) {
            this.name = name;
            this.member = member;
        }

        String name() {
            return name;
        }

        /**
         * The property's value of {@code bean}; throws what the getter threw (unwrapped) or the
         * reflective access failure.
         */
        Object read(Object bean) throws Throwable {
            if (member instanceof Method) {
                try {
                    return ((Method) member).invoke(bean);
                } catch (InvocationTargetException e) {
                    throw e.getCause() == null ? e : e.getCause();
                }
            }
            return ((Field) member).get(bean);
        }
    }

    private static final TypePlan TO_STRING = new TypePlan(Kind.TO_STRING, List.of());
    private static final TypePlan JACKSON = new TypePlan(Kind.JACKSON, List.of());
    private static final TypePlan ITERABLE = new TypePlan(Kind.ITERABLE, List.of());

    private static final ClassValue<TypePlan> PLANS = new ClassValue<>() {
        @Override
        protected TypePlan computeValue(Class<?> type) {
            return build(type);
        }
    };

    private final Kind kind;
    private final List<Property> properties;

    private TypePlan(Kind kind, List<Property> properties) {
        this.kind = kind;
        this.properties = properties;
    }

    static TypePlan of(Class<?> type) {
        return PLANS.get(type);
    }

    Kind kind() {
        return kind;
    }

    /** For {@link Kind#BEAN}, the properties in Jackson's order; for {@link Kind#JSON_VALUE}, one. */
    List<Property> properties() {
        return properties;
    }

    private static TypePlan build(Class<?> type) {
        if (isPlatformType(type)) {
            return TO_STRING;
        }
        if (Iterable.class.isAssignableFrom(type)) {
            return ITERABLE;
        }
        if (type.isSynthetic() || type.isHidden() || Proxy.isProxyClass(type)) {
            return TO_STRING;
        }
        try {
            return introspect(type);
        } catch (Throwable t) {
            ThrowableRendering.rethrowIfFatal(t);
            return TO_STRING;
        }
    }

    private static TypePlan introspect(Class<?> type) {
        ObjectMapper mapper = SafeJson.mapper();
        SerializationConfig config = mapper.getSerializationConfig();
        BeanDescription description = config.introspect(mapper.constructType(type));
        if (JsonSerializable.class.isAssignableFrom(type)
                || config.getAnnotationIntrospector().findSerializer(description.getClassInfo()) != null) {
            return JACKSON;
        }
        AnnotatedMember jsonValue = description.findJsonValueAccessor();
        if (jsonValue != null) {
            return new TypePlan(Kind.JSON_VALUE, List.of(property("value", jsonValue.getMember())));
        }
        List<Property> properties = new ArrayList<>();
        for (BeanPropertyDefinition definition : description.findProperties()) {
            AnnotatedMember accessor = definition.couldSerialize() ? definition.getAccessor() : null;
            if (accessor != null && accessor.getMember() != null) {
                properties.add(property(definition.getName(), accessor.getMember()));
            }
        }
        return properties.isEmpty() ? TO_STRING : new TypePlan(Kind.BEAN, List.copyOf(properties));
    }

    private static Property property(String name, Member member) {
        if (member instanceof AccessibleObject) {
            // Public getters of non-public classes (test fixtures, local records) need this;
            // if the module system refuses, reading fails later and yields a marker.
            ((AccessibleObject) member).trySetAccessible();
        }
        return new Property(name, member);
    }

    /**
     * True for JDK classes and for user classes extending one (other than {@link Object},
     * {@link Record} and {@link Enum}): their getters expose internals (class loaders, thread
     * groups, streams), so they are rendered by {@code toString()}.
     */
    private static boolean isPlatformType(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c == Object.class || c == Record.class || c == Enum.class) {
                return false;
            }
            String name = c.getName();
            if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                    || name.startsWith("sun.") || name.startsWith("com.sun.")) {
                return true;
            }
        }
        return false;
    }
}
