"""The five seed conventions (``/work/shared/seeds``), transcribed as plain data.

One module per seed; each value cites the article of the seed it comes from. The loader
(``reperes.demo.loader``) turns them into rows, by natural key, so that loading twice changes
nothing.
"""
