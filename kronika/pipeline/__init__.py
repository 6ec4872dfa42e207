"""The main job as plain functions; Prefect flows (flows/run.py) only sequence these calls.

A run is: ``plan`` (which records of which inputs are new or changed, cut into batches),
``stale`` (remove the rows of changed inputs), ``batch`` per batch (``read`` -> ``annotate``
-> ``rows`` checked against the contracts -> one committed transaction), then ``finalise``
(entities, the runs row, the catalog). ``parallel`` annotates batches in worker processes;
``report`` is what a run shows. docs/structure.md draws the whole house. Every input record
ends in exactly one place: an article, a duplicate pointer, or a reject with its reason.
"""
