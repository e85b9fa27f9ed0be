/** Test support shared by the modules' test suites. */
package org.jdvc.testing;
