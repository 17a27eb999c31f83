import math

from rest_framework import serializers

from .models import Item


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "name", "description", "price"]

    def validate_price(self, value):
        # FloatField takes "nan" and 1e999; SQLite would store NaN as NULL, and neither is JSON.
        if not math.isfinite(value):
            raise serializers.ValidationError("A finite number is required.")
        return value
