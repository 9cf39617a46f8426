package io.akkacrawler.config;

/**
 * A user extraction rule: the CSS {@code selector}'s matches give either their text ({@code
 * attribute} null) or an attribute's value; {@code all} keeps every match, otherwise the first.
 */
public record ExtractionRule(String name, String selector, String attribute, boolean all) {}
