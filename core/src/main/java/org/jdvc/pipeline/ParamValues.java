package org.jdvc.pipeline;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Equality of parameter values as Python compares them after loading: numbers by value ({@code 1 == 1.0}), mappings
 * ignoring key order, lists item by item. Used to decide whether a parameter changed.
 */
final class ParamValues {
    private ParamValues() {
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Double d && (d.isNaN() || d.isInfinite()) || y instanceof Double e
                    && (e.isNaN() || e.isInfinite())) {
                return x.doubleValue() == y.doubleValue();
            }
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> m && b instanceof Map<?, ?> n) {
            if (m.size() != n.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!n.containsKey(e.getKey()) || !same(e.getValue(), n.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> l && b instanceof List<?> k) {
            if (l.size() != k.size()) {
                return false;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!same(l.get(i), k.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }
}
