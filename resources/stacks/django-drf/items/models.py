from django.db import models


class Item(models.Model):
    name = models.TextField()
    description = models.TextField()
    price = models.FloatField()

    class Meta:
        db_table = "items"
        managed = False  # created by seed.py, shared with the other stacks
