/** Operations: the doctor's checklist ({@code .doctor}) and what servers publish about themselves. */
package dev.beacon.core.ops;
