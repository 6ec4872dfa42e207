"""`kronika bench`: the pipeline benchmark (corpus, runs at several sizes, queries, report).

corpus.py builds the reproducible news-length corpus, pipeline.py runs `kronika run` and bare
`nlp.pipe` on it in fresh processes and measures, queries.py times the analyst queries.
"""
