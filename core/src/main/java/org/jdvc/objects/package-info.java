/**
 * Content addressing and data transfer above the dumb byte stores of {@code org.jdvc.remote}: {@link
 * org.jdvc.objects.ObjectStore} (oid to key, existence heuristics, verified downloads, retries) and {@link
 * org.jdvc.objects.Transfer} (push/fetch/compare between the local cache and one remote, in parallel and in DVC's
 * order). Knows hashes and {@code .dir} manifests, nothing of stages or {@code .dvc} files.
 */
package org.jdvc.objects;
