/** jdvc core: DVC 3 compatible data versioning for JVM programs. */
package org.jdvc;
