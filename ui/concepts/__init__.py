"""The /concepts page: one view per topic (collapse, xor, cnn, rnn, transformer, notation)."""
