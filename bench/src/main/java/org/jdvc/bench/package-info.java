/** JMH benchmarks of jdvc's hot paths. */
package org.jdvc.bench;
