"""Pay transparency (EU Directive 2023/970): the classification of pay, the workforce file, the pay-gap figures.

Sits above ``tokencomp.reports`` (it classifies and adds up summaries) and imports only from it and below.
"""
