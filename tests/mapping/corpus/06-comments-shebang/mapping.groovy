#!/usr/bin/env groovy
/*
 * A block comment with 'quotes', "double quotes" and a statement:
 * map location() onto 'nope'
 */
/** A documentation comment. */
// map location() onto 'nope'
mapping { // after the opening brace
  map 'a // not a comment' onto 'c1'   // after a statement
  map "b /* not a comment */" onto 'c2' /* inline */
  /* before */ map 'c' onto 'c3'
  map /* between */ 'd' onto /* here */ 'c4'
  /* a block comment
     spanning lines */ map 'e' onto 'c5'
  map /f \/\/ g/ onto 'c6'
}
// the last line is a comment without a line terminator